package dev.omescale.telemetry.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** The few DER pieces needed to wrap PKCS#1 and SEC1 private keys as PKCS#8, which the JDK reads. */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} constructed, where SEC1 keeps the curve. */
    static final int CONTEXT_0 = 0xA0;

    /** rsaEncryption, 1.2.840.113549.1.1.1 */
    static final byte[] RSA_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1 */
    static final byte[] EC_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private Der() {
    }

    /** One tag-length-value read at an offset. */
    record Element(int tag, byte[] source, int contentStart, int contentEnd) {
        byte[] content() {
            return Arrays.copyOfRange(source, contentStart, contentEnd);
        }
    }

    static Element read(byte[] der, int offset) throws IOException {
        if (offset + 2 > der.length) {
            throw new IOException("truncated DER at byte " + offset);
        }
        int tag = der[offset] & 0xFF;
        int length = der[offset + 1] & 0xFF;
        int start = offset + 2;
        if (length > 0x80) {
            int bytes = length - 0x80;
            if (bytes > 3 || start + bytes > der.length) {
                throw new IOException("bad DER length at byte " + offset);
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[start + i] & 0xFF);
            }
            start += bytes;
        } else if (length == 0x80) {
            throw new IOException("indefinite DER length at byte " + offset);
        }
        if (start + length > der.length) {
            throw new IOException("truncated DER at byte " + offset);
        }
        return new Element(tag, der, start, start + length);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] body = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xFF);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xFF);
            out.write(n & 0xFF);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm identifier, the key as an OCTET STRING. */
    static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
        return tlv(SEQUENCE, tlv(INTEGER, new byte[] {0}), algorithmIdentifier, tlv(OCTET_STRING, privateKey));
    }
}
