package org.sotto.store;

/**
 * A file sent or received with a message (XEP-0363 upload, XEP-0454 aesgcm:// when encrypted).
 *
 * @param fileKey   key and IV of the encrypted upload (null for plain uploads); kept only in the encrypted database
 * @param localPath where the file is kept locally (core: the name of the still encrypted file in the profile)
 * @param failure   why the last transfer failed (null unless {@code state} is FAILED)
 */
public record Attachment(long id, long messageId, String url, String fileName, String mediaType, Long size,
                         byte[] sha256, byte[] fileKey, String localPath, AttachmentState state, String failure) {

    /** An attachment without a failure reason. */
    public Attachment(long id, long messageId, String url, String fileName, String mediaType, Long size,
                      byte[] sha256, byte[] fileKey, String localPath, AttachmentState state) {
        this(id, messageId, url, fileName, mediaType, size, sha256, fileKey, localPath, state, null);
    }

    @Override
    public String toString() {
        return "Attachment[id=" + id + ", message=" + messageId + ", " + mediaType + ", " + size + " bytes, " + state
                + (failure == null ? "" : " " + failure) + "]";
    }
}
