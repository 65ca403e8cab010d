/**
 * TLS failures in words, for the codes no loopback test can provoke without a certificate
 * authority of its own (expired, untrusted issuer, other handshake failures). The ones a
 * loopback server can provoke (plain HTTP, self-signed, wrong host, a dropped handshake)
 * run through the built CLI in test/reliability/bad-input-target.test.ts.
 */
import { describe, expect, it } from "vitest";
import { networkFailure, toApiError } from "../../src/io/thulium/failure.js";
import { tlsProblemOf } from "../../src/io/thulium/tls-problem.js";

const WRONG_VERSION =
  "write EPROTO 800C87EAF47F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n";

function systemError(code: string, message: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

function messageFor(code: string, message: string): string {
  const failure = networkFailure(systemError(code, message), true);
  const label = {
    method: "PUT",
    url: "https://acme.thulium.com/api/outbounds/00001",
    campaignId: "00001",
    subject: "Campaign 00001",
    timeoutMs: 30_000,
  };
  return toApiError(failure, label, 1, (text) => text).message;
}

describe("TLS errors become a sentence with the likely fix", () => {
  it.each([
    ["EPROTO", WRONG_VERSION, "not-tls", /did not speak TLS: does THULIUM_URL need http:\/\//],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number", "not-tls", /did not speak TLS/],
    [
      "ECONNRESET",
      "Client network socket disconnected before secure TLS connection was established",
      "handshake-reset",
      /closed the connection during the TLS handshake/,
    ],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", "self-signed", /is self-signed/],
    [
      "SELF_SIGNED_CERT_IN_CHAIN",
      "self-signed certificate in certificate chain",
      "untrusted-issuer",
      /signed by an authority this machine does not trust.*NODE_EXTRA_CA_CERTS/,
    ],
    [
      "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
      "unable to get local issuer certificate",
      "untrusted-issuer",
      /company proxy that inspects TLS/,
    ],
    ["CERT_HAS_EXPIRED", "certificate has expired", "expired", /has expired.*clock/],
    [
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "Hostname/IP does not match certificate's altnames",
      "wrong-host",
      /not for that host name: check the host in THULIUM_URL/,
    ],
    [
      "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
      "sslv3 alert handshake failure",
      "other",
      /TLS handshake with https:\/\/acme\.thulium\.com failed.*TLS 1\.2/,
    ],
  ])("%s", (code, detail, problem, sentence) => {
    expect(tlsProblemOf(code, detail)).toBe(problem);
    const message = messageFor(code, detail);
    expect(message).toMatch(sentence);
    expect(message).toContain(`(PUT https://acme.thulium.com/api/outbounds/00001; ${code}).`);
    expect(message).not.toMatch(/SSL routines|ssl3_|openssl/);
  });

  it("a lasting problem is not retried and stops the run; a dropped handshake is retried", () => {
    expect(networkFailure(systemError("EPROTO", WRONG_VERSION), true)).toMatchObject({
      retryable: false,
      fatal: true,
    });
    expect(
      networkFailure(systemError("CERT_HAS_EXPIRED", "certificate has expired"), true),
    ).toMatchObject({ retryable: false, fatal: true });
    const reset = networkFailure(
      systemError("ECONNRESET", "Client network socket disconnected before secure TLS connection"),
      true,
    );
    expect(reset).toMatchObject({ retryable: true });
    expect(reset.fatal).toBeUndefined();
  });

  it("other network errors keep their own words", () => {
    expect(tlsProblemOf("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1")).toBeUndefined();
    expect(tlsProblemOf("ECONNRESET", "socket hang up")).toBeUndefined();
    expect(messageFor("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1")).toMatch(
      /network error on PUT .*: connect ECONNREFUSED 127\.0\.0\.1:1 \(ECONNREFUSED\)\./,
    );
  });
});
