package dev.sjl.localcloud;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Lets Python AWS clients (the AWS CLI, boto3) upload to S3Mock.
 *
 * <p>botocore sends {@code Expect: 100-continue} with every S3 upload and then only accepts an interim response whose
 * status line has three parts ({@code HTTP/1.1 100 Continue}). Tomcat, under S3Mock, answers {@code HTTP/1.1 100 }
 * with no reason phrase (allowed since RFC 7230), so botocore never sends the body and the upload hangs. For those
 * clients only, this valve drops the expectation before the body is read: Tomcat then sends no interim response and
 * botocore sends the body after its one-second wait, as RFC 9110 tells a client to. Other clients, the Java SDK
 * among them, keep their {@code 100} and do not wait.
 */
final class BotocoreContinueValve extends ValveBase {
    BotocoreContinueValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getCoyoteRequest().hasExpectation() && isBotocore(request.getHeader("User-Agent"))) {
            request.getCoyoteRequest().setExpectation(false);
        }
        getNext().invoke(request, response);
    }

    /** The CLI's User-Agent starts {@code aws-cli/}; boto3's names {@code Botocore/1.x} or, newer, {@code md/Botocore#1.x}. */
    static boolean isBotocore(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        return ua.startsWith("aws-cli/") || ua.contains("botocore/") || ua.contains("botocore#");
    }
}
