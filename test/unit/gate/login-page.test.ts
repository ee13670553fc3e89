import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type LoginPageText, renderLoginPage } from "../../../src/gate/login-page";

const text = (
  JSON.parse(readFileSync(join(__dirname, "../../../nodes/locales/en-US/auth-gate.json"), "utf8")) as {
    login: LoginPageText;
  }
).login;

describe("login page", () => {
  const base = { title: "Home", action: "/login", csrfToken: "tok", next: "/ui", nonce: "n0nce", text };

  it("is a form that posts to the gate with its token and target", () => {
    const html = renderLoginPage(base);
    assert.match(html, /<form method="post" action="\/login">/);
    assert.match(html, /name="csrf" value="tok"/);
    assert.match(html, /name="next" value="\/ui"/);
    assert.match(html, /autocomplete="current-password"/);
    assert.match(html, /<meta name="viewport"/);
    assert.match(html, /<style nonce="n0nce">/);
    assert.doesNotMatch(html, /<script/i);
  });

  it("escapes everything it shows", () => {
    const html = renderLoginPage({
      ...base,
      title: '<script>alert("t")</script>',
      username: '"><img src=x>',
      next: '/"x',
    });
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x>/);
    assert.match(html, /&lt;script&gt;alert\(&quot;t&quot;\)/);
    assert.match(html, /value="&quot;&gt;&lt;img src=x&gt;"/);
  });

  it("shows notices, with the wait for a lockout", () => {
    assert.match(renderLoginPage({ ...base, notice: "wrong" }), /Wrong user name or password/);
    assert.match(renderLoginPage({ ...base, notice: "locked", retryMinutes: 3 }), /Try again in 3 minute/);
    assert.match(renderLoginPage({ ...base, notice: "loggedOut" }), /class="notice ok"[^>]*>You are logged out/);
  });

  it("forgets the service workers of the protected path with one script under the nonce, when asked", () => {
    const html = renderLoginPage({ ...base, forgetWorkersUnder: "/dash</script><b>" });
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="n0nce">']);
    assert.match(html, /var s="\/dash\\u003c\/script>\\u003cb>";/);
    assert.match(html, /getRegistrations\(\)/);
    assert.match(html, /caches\.delete/);
  });
});
