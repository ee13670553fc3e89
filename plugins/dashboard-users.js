// Node-RED loads this file; the plugin itself is compiled from src/plugins/dashboard-users.ts.
module.exports = require("../dist/plugins/dashboard-users.js").default;
