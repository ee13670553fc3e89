import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-plain-text-outbound";
import { judge } from "../../../support/audit";
import { TAB, n, withFlows } from "./flow-support";

const req = (id: string, url: string): Record<string, unknown> => n(id, "http request", [[]], { url });

describe("NRS-FLOW-006 plain-text connections to the internet", () => {
  it("is silent without http request or MQTT broker nodes", async () => {
    assert.equal(await judge(rule, {}, withFlows([TAB])), undefined);
  });

  it("is medium for http:// to the internet and MQTT without TLS, never showing credentials", async () => {
    const flows = [
      TAB,
      req("a", "http://bob:secret-pw@api.example.com/v1"),
      { id: "b", type: "mqtt-broker", name: "cloud", broker: "broker.hivemq.com", port: "1883", usetls: false },
      { id: "c", type: "mqtt-broker", broker: "mqtt://test.mosquitto.org:1883" },
    ];
    const f = await judge(rule, {}, withFlows(flows));
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, [
      "http request a: http://api.example.com",
      "mqtt-broker 'cloud' (b): mqtt://broker.hivemq.com:1883",
      "mqtt-broker c: mqtt://test.mosquitto.org:1883",
    ]);
    assert.ok(!JSON.stringify(f).includes("secret-pw"));
  });

  it("passes for https, TLS brokers, local hosts and URLs built at run time", async () => {
    const flows = [
      TAB,
      req("a", "https://api.example.com"),
      req("b", "http://192.168.1.5/on"),
      req("c", "http://{{host}}/x"),
      req("d", ""),
      { id: "e", type: "mqtt-broker", broker: "broker.example.com", port: "8883", usetls: true },
      { id: "f", type: "mqtt-broker", broker: "mqtts://broker.example.com" },
      { id: "g", type: "mqtt-broker", broker: "homeassistant.local", port: "1883" },
    ];
    assert.equal((await judge(rule, {}, withFlows(flows)))?.severity, "pass");
  });
});
