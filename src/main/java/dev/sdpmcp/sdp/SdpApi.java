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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * ServiceDesk Plus Cloud API v3 under {base}/app/{portal}/api/v3 (sdp-cloud-api.md §1): every resource the same way,
 * so one interface serves all modules. Reads carry input_data in the query, writes in a form body. (No @Path on
 * the interface: RESTEasy's client validation rejects "/" there followed by a method path that starts with a
 * template.)
 */
@Produces(SdpApi.V3_JSON)
public interface SdpApi {

    /** The v3 Accept header ManageEngine documents. */
    String V3_JSON = "application/vnd.manageengine.sdp.v3+json";

    @GET
    @Path("{path}")
    Response get(@PathParam("path") String path, @QueryParam("input_data") String inputData,
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
    Response delete(@PathParam("path") String path, @QueryParam("input_data") String inputData,
            @HeaderParam("Authorization") String authorization);
}
