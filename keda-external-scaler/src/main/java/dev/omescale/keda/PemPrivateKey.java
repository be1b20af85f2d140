package dev.omescale.keda;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM private key as PKCS#8, the one form the TLS stack reads. Kubernetes TLS secrets often hold the older
 * forms instead (cert-manager's default encoding is PKCS#1, and OpenSSL writes SEC1 for EC keys), so those are
 * wrapped into PKCS#8 here, which is a lossless re-labelling of the same key.
 */
final class PemPrivateKey {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (RSA |EC |)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
    /** rsaEncryption, 1.2.840.113549.1.1.1. */
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemPrivateKey() {
    }

    /**
     * @return the key as a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----})
     * @throws IllegalArgumentException when the text holds no unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC key
     */
    static String toPkcs8(String pem) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----,"
                    + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----) found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM private key is not valid base64 (" + e.getMessage() + ")");
        }
        byte[] pkcs8 = switch (m.group(1)) {
            case "RSA " -> sequence(VERSION_0, sequence(RSA_OID, NULL), octetString(der));
            case "EC " -> sequence(VERSION_0, sequence(EC_OID, curveOf(der)), octetString(der));
            default -> der;
        };
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8);
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * The named-curve OID (a whole TLV) from a SEC1 ECPrivateKey:
     * {@code SEQUENCE { version, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }}.
     */
    private static byte[] curveOf(byte[] sec1) {
        int[] outer = header(sec1, 0);
        if (sec1[0] != 0x30) {
            throw new IllegalArgumentException("the EC private key is not a DER SEQUENCE");
        }
        int pos = outer[0];
        int end = pos + outer[1];
        while (pos < end) {
            int tag = sec1[pos] & 0xff;
            int[] h = header(sec1, pos);
            if (tag == 0xa0) {
                int inner = h[0];
                if (sec1[inner] != 0x06) {
                    break;
                }
                int[] oid = header(sec1, inner);
                byte[] tlv = new byte[oid[0] + oid[1] - inner];
                System.arraycopy(sec1, inner, tlv, 0, tlv.length);
                return tlv;
            }
            pos = h[0] + h[1];
        }
        throw new IllegalArgumentException("the EC private key names no curve; convert it to PKCS#8 with"
                + " 'openssl pkcs8 -topk8 -nocrypt'");
    }

    /** {contentOffset, contentLength} of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos) {
        if (pos + 1 >= der.length) {
            throw new IllegalArgumentException("the private key's DER is truncated");
        }
        int len = der[pos + 1] & 0xff;
        int offset = pos + 2;
        if (len >= 0x80) {
            int bytes = len & 0x7f;
            if (bytes < 1 || bytes > 3 || offset + bytes > der.length) {
                throw new IllegalArgumentException("the private key's DER has a bad length");
            }
            len = 0;
            for (int i = 0; i < bytes; i++) {
                len = (len << 8) | (der[offset + i] & 0xff);
            }
            offset += bytes;
        }
        if (offset + len > der.length) {
            throw new IllegalArgumentException("the private key's DER is truncated");
        }
        return new int[] {offset, len};
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] octetString(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
