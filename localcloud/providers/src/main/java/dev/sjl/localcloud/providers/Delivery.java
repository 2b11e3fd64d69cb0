package dev.sjl.localcloud.providers;

import java.time.Instant;

/**
 * One message a fake provider accepted: what would have reached a real inbox or phone.
 *
 * @param id      the provider's id for it (SendGrid's {@code X-Message-Id}, Twilio's {@code SM…} sid)
 * @param to      the e-mail address or the phone number
 * @param from    the sender the request named
 * @param subject the e-mail's subject; empty for an SMS
 * @param body    the text
 */
public record Delivery(String id, String to, String from, String subject, String body, Instant acceptedAt) {
}
