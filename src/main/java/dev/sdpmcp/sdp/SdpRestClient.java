package dev.sdpmcp.sdp;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * ServiceDesk Plus Cloud API v3 under {base}/app/{portal}/api/v3 (docs/sdp-api-fidelity.md §1): every resource the same way,
 * so one interface serves all modules. Reads carry input_data in the query (see InputDataQuery), writes in a form body. (No @Path on
 * the interface: RESTEasy's client validation rejects "/" there followed by a method path that starts with a
 * template.)
 */
@Produces(SdpRestClient.V3_JSON)
@RegisterProvider(SdpRestClient.InputDataQuery.class)
public interface SdpRestClient {

    /** The v3 Accept header ManageEngine documents. */
    String V3_JSON = "application/vnd.manageengine.sdp.v3+json";

    /** Carries a read's input_data, already percent-encoded, to {@link InputDataQuery}; never sent. */
    String INPUT_DATA_HEADER = "X-SdpClient-Mcp-Input-Data";

    @GET
    @Path("{path}")
    Response get(@PathParam("path") String path, @HeaderParam(INPUT_DATA_HEADER) String inputData,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("{path}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response post(@PathParam("path") String path, Form inputData, @HeaderParam("Authorization") String authorization);

    @PUT
    @Path("{path}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response put(@PathParam("path") String path, Form inputData, @HeaderParam("Authorization") String authorization);

    @DELETE
    @Path("{path}")
    Response delete(@PathParam("path") String path, @HeaderParam(INPUT_DATA_HEADER) String inputData,
            @HeaderParam("Authorization") String authorization);

    /**
     * Puts input_data into the query of the final URI. A @QueryParam does not carry JSON the same way everywhere:
     * Jersey's REST client (Payara) reads its braces as a URI template and fails, RESTEasy (Liberty) encodes an
     * already encoded value again; a URI set here is sent as it is by both.
     */
    class InputDataQuery implements ClientRequestFilter {

        @Override
        public void filter(ClientRequestContext request) {
            String encoded = request.getHeaderString(INPUT_DATA_HEADER);
            if (encoded == null) {
                return;
            }
            request.getHeaders().remove(INPUT_DATA_HEADER);
            URI uri = request.getUri();
            request.setUri(URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + "input_data=" + encoded));
        }
    }
}
