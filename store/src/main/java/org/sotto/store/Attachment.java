package org.sotto.store;

/**
 * A file sent or received with a message (XEP-0363 upload, XEP-0454 aesgcm:// when encrypted).
 *
 * @param fileKey key and IV of the encrypted upload (null for plain uploads); kept only in the encrypted database
 */
public record Attachment(long id, long messageId, String url, String fileName, String mediaType, Long size,
                         byte[] sha256, byte[] fileKey, String localPath, AttachmentState state) {
    @Override
    public String toString() {
        return "Attachment[id=" + id + ", message=" + messageId + ", " + mediaType + ", " + size + " bytes, " + state + "]";
    }
}
