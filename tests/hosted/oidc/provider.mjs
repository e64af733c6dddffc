// A real OpenID Connect provider for the hosted-mode tests: discovery, JWKS, the
// authorization-code flow with PKCE and nonce, RS256-signed ID tokens, end-session.
//
//   node provider.mjs PORT        prints "READY <issuer>" once it listens on 127.0.0.1:PORT
//
// oauth2-mock-server signs every token for one fixed user ("johndoe") and never asks who
// is there. A test needs to sign in as a chosen person, so /authorize first shows a small
// sign-in form (e-mail and name), the way a real provider asks; the code it issues is tied
// to that person, and the ID token for that code carries their subject, e-mail and name.
// The subject is derived from the e-mail, so the same person gets the same subject on
// every sign-in, as with a real provider.
import { createHash } from "node:crypto";
import http from "node:http";

import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";

const port = Number(process.argv[2] ?? 0);
const host = "127.0.0.1";

const issuer = new OAuth2Issuer();
await issuer.keys.generate("RS256");
const service = new OAuth2Service(issuer);

// code -> the person who signed in; a code is used once.
const people = new Map();

function subjectFor(email) {
  return "user-" + createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 20);
}

service.on("beforeAuthorizeRedirect", (redirect, req) => {
  const url = new URL(req.url, `http://${host}`);
  const code = redirect.url.searchParams.get("code");
  const email = url.searchParams.get("login_email");
  if (code && email) {
    people.set(code, { email, name: url.searchParams.get("login_name") || email });
  }
});

service.on("beforeTokenSigning", (token, req) => {
  const code = req.body?.code;
  const person = code ? people.get(code) : undefined;
  if (!person) return;
  Object.assign(token.payload, {
    sub: subjectFor(person.email),
    email: person.email,
    email_verified: true,
    name: person.name,
  });
});

// Both the access token and the ID token are signed before the response: then the code
// is spent.
service.on("beforeResponse", (_response, req) => {
  if (req.body?.code) people.delete(req.body.code);
});

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInForm(url) {
  const hidden = [...url.searchParams.entries()]
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
<h1>Test identity provider</h1>
<form method="get" action="/authorize">
${hidden}
<label>E-mail <input type="email" name="login_email" required></label>
<label>Name <input type="text" name="login_name"></label>
<button type="submit">Continue</button>
</form>
</body></html>`;
}

const handler = service.requestHandler;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, `http://${host}`);
  if (url.pathname === "/authorize" && req.method === "GET" && !url.searchParams.get("login_email")) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(signInForm(url));
    return;
  }
  handler(req, res);
});

server.listen(port, host, () => {
  const actual = server.address().port;
  issuer.url = `http://${host}:${actual}`;
  console.log(`READY ${issuer.url}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
