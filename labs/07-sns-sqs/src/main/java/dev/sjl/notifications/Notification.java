package dev.sjl.notifications;

/**
 * One message to one recipient, as a provider sends it.
 *
 * @param to      an e-mail address or an E.164 phone number
 * @param subject the e-mail's subject; empty for an SMS
 * @param text    the body
 */
public record Notification(String to, String subject, String text) {

    /** The recipient is personal data: a log line names the event, never the address. */
    @Override
    public String toString() {
        return "Notification[subject=" + subject + "]";
    }
}
