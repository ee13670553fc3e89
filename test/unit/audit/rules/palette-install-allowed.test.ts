import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/palette-install-allowed";
import { LOCAL, judge } from "../../../support/audit";

describe("NRS-EDITOR-002 palette installs", () => {
  it("is low by default, and mentions uploads when they are allowed", async () => {
    const f = await judge(rule, {});
    assert.equal(f?.severity, "low");
    assert.match(f.details?.[0] ?? "", /Uploading/);
    const g = await judge(rule, { externalModules: { palette: { allowUpload: false } } });
    assert.equal(g?.severity, "low");
    assert.equal(g.details, undefined);
  });

  it("is info on loopback", async () => {
    assert.equal((await judge(rule, { ...LOCAL }))?.severity, "info");
  });

  it("passes when installs are off, by the current or the deprecated setting", async () => {
    assert.equal((await judge(rule, { externalModules: { palette: { allowInstall: false } } }))?.severity, "pass");
    assert.equal((await judge(rule, { editorTheme: { palette: { editable: false } } }))?.severity, "pass");
  });
});
