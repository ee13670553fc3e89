// Entry of the browser bundle: exposes the sidebar to the plugin's .html as window.NodeRedContribSecurity.
import { addSecuritySidebar } from "./sidebar-tab";
import { renderFindings, renderSummary } from "./render";

export { addSecuritySidebar, renderFindings, renderSummary };
