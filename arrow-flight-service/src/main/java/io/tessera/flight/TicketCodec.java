package io.tessera.flight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flight tickets: what to read (one row group of one file, projected and filtered), signed with
 * HMAC-SHA256 under the cluster's Flight secret, so a data server serves only what a planner of the
 * same cluster planned, and any change to a ticket is detected before anything is read.
 *
 * <pre>
 *   ticket = payload || HMAC-SHA256(secret, payload)          (the MAC: the last 32 bytes)
 *   payload = UTF-8 JSON {"v": 1, "query": {path, columns, filter}, "length": L, "rowGroup": i}
 * </pre>
 *
 * {@code path} is the file, {@code length} its length when planned: a file replaced since then is refused.
 */
final class TicketCodec {
    static final int VERSION = 1;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;

    TicketCodec(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the Flight ticket secret must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** One row group of one file to read. */
    record Ticket(DatasetQuery query, long length, int rowGroup) {}

    byte[] encode(Ticket ticket) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("v", VERSION);
            root.set("query", JSON.readTree(ticket.query().toJson()));
            root.put("length", ticket.length());
            root.put("rowGroup", ticket.rowGroup());
            byte[] payload = JSON.writeValueAsBytes(root);
            byte[] signed = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
            System.arraycopy(mac(payload), 0, signed, payload.length, MAC_LENGTH);
            return signed;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ticket, once its MAC checks out; {@link ErrorCode#INVALID_ARGUMENT} otherwise. */
    Ticket decode(byte[] ticket) {
        if (ticket.length <= MAC_LENGTH) {
            throw tampered();
        }
        byte[] payload = Arrays.copyOf(ticket, ticket.length - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(ticket, payload.length, ticket.length);
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw tampered();
        }
        try {
            JsonNode root = JSON.readTree(payload);
            if (root.path("v").asInt() != VERSION) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT, "ticket version " + root.path("v") + " is not supported");
            }
            DatasetQuery query = DatasetQuery.parse(JSON.writeValueAsBytes(root.get("query")));
            return new Ticket(
                    query, root.get("length").asLong(), root.get("rowGroup").asInt());
        } catch (IOException | RuntimeException e) {
            if (e instanceof TesseraException tessera) {
                throw tessera;
            }
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "the ticket is signed but unreadable", e);
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TesseraException tampered() {
        return new TesseraException(
                ErrorCode.INVALID_ARGUMENT,
                "the ticket failed its integrity check: it was altered, or signed by another cluster's secret");
    }
}
