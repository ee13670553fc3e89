// Node-RED loads this file; the plugin itself is compiled from src/plugins/security-sidebar.ts.
module.exports = require("../dist/plugins/security-sidebar.js").default;
