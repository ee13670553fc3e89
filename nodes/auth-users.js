// Node-RED loads this file; the node itself is compiled from src/nodes/auth-users.ts.
module.exports = require("../dist/nodes/auth-users.js").default;
