package dev.sdpmcp.sandbox.sdp;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /**
     * An upload (docs/sdp-api-fidelity.md §18): the body's parts read as Jakarta REST 3.1 EntityParts, each at most
     * one byte past the simulator's limit, so that the simulator can refuse an oversized file without holding it.
     */
    @PUT
    @Path("{path: .*}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
            List<EntityPart> parts) throws IOException {
        List<Attachments.Part> read = new ArrayList<>();
        for (EntityPart part : parts) {
            try (InputStream content = part.getContent()) {
                read.add(new Attachments.Part(part.getName(), part.getFileName().orElse(null),
                        part.getMediaType() == null ? null : part.getMediaType().toString(),
                        content.readNBytes(Attachments.MAX_BYTES + 1)));
            }
        }
        return handle("PUT", path + "/upload", uri, headers, null, read);
    }

    /** Any other body sent to an upload URL: refused by the simulator as a real instance would (not by JAX-RS with 415). */
    @PUT
    @Path("{path: .*}/upload")
    public Response uploadNotMultipart(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
            String body) {
        return handle("PUT", path + "/upload", uri, headers, body);
    }

    // The upload URL's template is the most specific for any method, so its other methods are answered here as elsewhere.
    @GET
    @Path("{path: .*}/upload")
    public Response getUpload(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", path + "/upload", uri, headers, null);
    }

    @POST
    @Path("{path: .*}/upload")
    public Response postUpload(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return handle("POST", path + "/upload", uri, headers, body);
    }

    @DELETE
    @Path("{path: .*}/upload")
    public Response deleteUpload(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("DELETE", path + "/upload", uri, headers, null);
    }

    private Response handle(String method, String path, UriInfo uri, HttpHeaders headers, String body) {
        return handle(method, path, uri, headers, body, null);
    }

    private Response handle(String method, String path, UriInfo uri, HttpHeaders headers, String body, List<Attachments.Part> parts) {
        if (uri.getRequestUri().getRawPath().toLowerCase(java.util.Locale.ROOT).contains("%2f")) {
            // Tomcat, in front of the real API, refuses encoded slashes in a path: so does the simulator.
            return Response.status(400).type("text/plain").entity("Bad Request: encoded slash in the path").build();
        }
        SdpSimulator.Reply reply = simulator.handle(new SdpSimulator.Call(method, path,
                headers.getHeaderString(HttpHeaders.AUTHORIZATION), headers.getHeaderString(HttpHeaders.ACCEPT),
                query(uri), headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, parts));
        return build(reply);
    }

    static Response build(SdpSimulator.Reply reply) {
        if (reply.dropped()) {
            return dropped(reply);
        }
        Response.ResponseBuilder response = Response.status(reply.status()).type(reply.contentType())
                .entity(reply.bytes() != null ? reply.bytes() : reply.body());
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
