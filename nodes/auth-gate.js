// Node-RED loads this file; the node itself is compiled from src/nodes/auth-gate.ts.
module.exports = require("../dist/nodes/auth-gate.js").default;
