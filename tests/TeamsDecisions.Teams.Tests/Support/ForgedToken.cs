using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>
/// A genuine token's claims under a header an attacker chose: everything but the algorithm and the signature is
/// what the real token said, so a refusal can only come from those.
/// </summary>
internal static class ForgedToken
{
    /// <summary>The header's "alg" set as given (e.g. "none"), the kid kept, and no signature.</summary>
    public static string Unsigned(string genuine, string alg) => Header(genuine, alg) + "." + Payload(genuine) + ".";

    /// <summary>Re-signed as HS256 with the given bytes as the HMAC secret, the kid kept.</summary>
    public static string Hs256(string genuine, byte[] secret)
    {
        var signed = Header(genuine, "HS256") + "." + Payload(genuine);
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64UrlEncoder.Encode(signature);
    }

    private static string Header(string genuine, string alg)
    {
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(genuine.Split('.')[0]))!.AsObject();
        header["alg"] = alg;
        return Base64UrlEncoder.Encode(header.ToJsonString());
    }

    private static string Payload(string genuine) => genuine.Split('.')[1];
}
