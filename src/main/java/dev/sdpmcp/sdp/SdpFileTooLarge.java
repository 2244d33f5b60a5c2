package dev.sdpmcp.sdp;

/** A file ServiceDesk Plus would send is larger than SDP_MAX_ATTACHMENT_BYTES: not read past the limit. */
class SdpFileTooLarge extends RuntimeException {

    /** The size ServiceDesk Plus declared, or -1 when it only showed on reading. */
    final long declared;

    SdpFileTooLarge(long declared) {
        super(null, null, false, false);
        this.declared = declared;
    }
}
