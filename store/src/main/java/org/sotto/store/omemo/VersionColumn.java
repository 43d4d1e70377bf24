package org.sotto.store.omemo;

import org.sotto.crypto.OmemoVersion;

/** How an OMEMO version is written in the {@code version} columns (the schema's CHECK names these values). */
final class VersionColumn {
    private VersionColumn() {
    }

    static String of(OmemoVersion version) {
        return switch (version) {
            case V0_3 -> "OMEMO_0_3";
            case V2 -> "OMEMO_2";
        };
    }

    static OmemoVersion parse(String column) {
        return switch (column) {
            case "OMEMO_0_3" -> OmemoVersion.V0_3;
            case "OMEMO_2" -> OmemoVersion.V2;
            default -> throw new IllegalArgumentException("unknown OMEMO version column value: " + column);
        };
    }
}
