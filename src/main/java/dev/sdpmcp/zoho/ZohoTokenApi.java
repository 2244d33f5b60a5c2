package dev.sdpmcp.zoho;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Zoho Accounts' OAuth endpoints (Zoho Accounts' OAuth documentation), as a MicroProfile Rest Client. */
@Path("/oauth/v2")
public interface ZohoTokenApi {

    /** Both grants; Zoho answers many errors with HTTP 200 and an "error" field, so the caller reads the body. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(Form form);

    /**
     * Revokes a refresh token and every access token made from it. Zoho documents the token as a query parameter and
     * reads it from a form body too; in the body it stays out of proxies' and servers' access logs.
     */
    @POST
    @Path("/token/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response revoke(Form form);
}
