package dev.sdpmcp.zoho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataCentersTest {

    static final String SANDBOX = "http://127.0.0.1:3456/sandbox/zoho";

    @Test
    void everyDataCenterHasItsAccountsServer() {
        Map<DataCenter, String> expected = Map.of(
                DataCenter.US, "https://accounts.zoho.com",
                DataCenter.EU, "https://accounts.zoho.eu",
                DataCenter.IN, "https://accounts.zoho.in",
                DataCenter.AU, "https://accounts.zoho.com.au",
                DataCenter.CN, "https://accounts.zoho.com.cn",
                DataCenter.JP, "https://accounts.zoho.jp",
                DataCenter.UK, "https://accounts.zoho.uk",
                DataCenter.CA, "https://accounts.zohocloud.ca",
                DataCenter.SA, "https://accounts.zoho.sa");
        assertEquals(DataCenter.values().length, expected.size());
        expected.forEach((dc, url) -> assertEquals(url, dc.accountsUrl(), dc.name()));
    }

    @Test
    void serviceDeskDomainsNameTheirDataCenter() {
        Map<String, DataCenter> expected = Map.of(
                "https://sdpondemand.manageengine.com", DataCenter.US,
                "https://sdpondemand.manageengine.eu/app/itdesk", DataCenter.EU,
                "https://sdpondemand.manageengine.in", DataCenter.IN,
                "https://servicedeskplus.net.au", DataCenter.AU,
                "https://sdpondemand.manageengine.com.au", DataCenter.AU,
                "https://servicedeskplus.cn", DataCenter.CN,
                "https://servicedeskplus.jp", DataCenter.JP,
                "https://servicedeskplus.uk", DataCenter.UK,
                "https://servicedeskplus.ca", DataCenter.CA,
                "https://servicedeskplus.sa", DataCenter.SA);
        expected.forEach((url, dc) -> assertEquals(Optional.of(dc), DataCenter.ofServiceDeskUrl(url), url));
        assertEquals(Optional.empty(), DataCenter.ofServiceDeskUrl("https://helpdesk.company.com"));
        assertEquals(Optional.empty(), DataCenter.ofServiceDeskUrl("https://evil-sdpondemand.manageengine.com.attacker.net"));
    }

    @Test
    void dataCenterCodesParseLeniently() {
        assertEquals(Optional.of(DataCenter.EU), DataCenter.parse(" eu "));
        assertEquals(Optional.of(DataCenter.AU), DataCenter.parse("com.au"));
        assertEquals(Optional.of(DataCenter.CA), DataCenter.parse("zohocloud.ca"));
        assertEquals(Optional.empty(), DataCenter.parse("mars"));
    }

    @Test
    void accountsServerFollowsTheConfiguration() {
        assertEquals(new ZohoEndpoints.Resolved("https://accounts.zoho.eu", Optional.of(DataCenter.EU)),
                ZohoEndpoints.resolve(Optional.of("https://sdpondemand.manageengine.eu"), Optional.empty(), Optional.empty(), SANDBOX));
        assertEquals(new ZohoEndpoints.Resolved("https://accounts.zohocloud.ca", Optional.of(DataCenter.CA)),
                ZohoEndpoints.resolve(Optional.of("https://helpdesk.company.com"), Optional.of("CA"), Optional.empty(), SANDBOX));
        assertEquals(new ZohoEndpoints.Resolved("http://zoho.test:8080", Optional.empty()),
                ZohoEndpoints.resolve(Optional.of("https://helpdesk.company.com"), Optional.empty(), Optional.of("http://zoho.test:8080/"), SANDBOX));
        assertEquals(new ZohoEndpoints.Resolved(SANDBOX, Optional.of(DataCenter.US)),
                ZohoEndpoints.resolve(Optional.empty(), Optional.empty(), Optional.empty(), SANDBOX));
    }

    @Test
    void customDomainWithoutDataCenterIsAClearStartUpError() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () ->
                ZohoEndpoints.resolve(Optional.of("https://helpdesk.company.com"), Optional.empty(), Optional.empty(), SANDBOX));
        assertTrue(error.getMessage().contains("SDP_DATA_CENTER"), error.getMessage());
        assertTrue(error.getMessage().contains("custom domain"), error.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () ->
                ZohoEndpoints.resolve(Optional.empty(), Optional.of("XX"), Optional.empty(), SANDBOX));
        assertTrue(unknown.getMessage().contains("SDP_DATA_CENTER=XX"), unknown.getMessage());
    }
}
