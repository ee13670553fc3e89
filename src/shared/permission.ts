// The Node-RED permission the Security tab and its admin routes need ("security.write", or "*"): the
// routes check it on the server (src/plugins), the editor shows the tab only to users who have it.
export const SECURITY_PERMISSION = "security.write";
