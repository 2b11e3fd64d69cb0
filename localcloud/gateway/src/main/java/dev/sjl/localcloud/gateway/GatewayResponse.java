package dev.sjl.localcloud.gateway;

import java.util.List;

/** What goes back on the wire: a status, headers in order (a name may repeat, as set-cookie does) and the body. */
record GatewayResponse(int status, List<Header> headers, byte[] body) {

    record Header(String name, String value) {
    }
}
