package dev.sdpmcp.sandbox.sdp;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * ServiceDesk Plus Cloud under /sandbox/sdp: {@code /app/{portal}/api/v3/...} and {@code /api/v3/...}. Every path
 * below /sdp (but /sdp/_sim) comes here, so unknown API URLs get the API's own 4007 answer and other paths the
 * site's login page.
 */
@Path("/sdp")
public class SdpResource {

    @Inject
    SdpSimulator simulator;

    @GET
    @Path("{path: .*}")
    public Response get(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", path, uri, headers, null);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return handle("POST", path, uri, headers, body);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return handle("PUT", path, uri, headers, body);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("DELETE", path, uri, headers, null);
    }

    private Response handle(String method, String path, UriInfo uri, HttpHeaders headers, String body) {
        if (uri.getRequestUri().getRawPath().toLowerCase(java.util.Locale.ROOT).contains("%2f")) {
            // Tomcat, in front of the real API, refuses encoded slashes in a path: so does the simulator.
            return Response.status(400).type("text/plain").entity("Bad Request: encoded slash in the path").build();
        }
        SdpSimulator.Reply reply = simulator.handle(new SdpSimulator.Call(method, path,
                headers.getHeaderString(HttpHeaders.AUTHORIZATION), headers.getHeaderString(HttpHeaders.ACCEPT),
                query(uri), headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body));
        return build(reply);
    }

    static Response build(SdpSimulator.Reply reply) {
        if (reply.dropped()) {
            return dropped(reply);
        }
        Response.ResponseBuilder response = Response.status(reply.status()).type(reply.contentType()).entity(reply.body());
        reply.headers().forEach(response::header);
        return response.build();
    }

    /**
     * The headers and half the body, then the connection is lost: the declared length is never reached, so the
     * server closes the connection, as a failing front end or network would.
     */
    private static Response dropped(SdpSimulator.Reply reply) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        StreamingOutput half = out -> {
            out.write(body, 0, body.length / 2);
            out.flush();
            throw new IOException("the sandbox dropped this connection on purpose (armed fault)");
        };
        return Response.status(reply.status()).type(reply.contentType()).entity(half)
                .header(HttpHeaders.CONTENT_LENGTH, body.length).build();
    }

    static Map<String, String> query(UriInfo uri) {
        Map<String, String> query = new HashMap<>();
        uri.getQueryParameters().forEach((key, values) -> query.put(key, values.get(0)));
        return query;
    }
}
