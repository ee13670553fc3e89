// Roles of the package's users → Node-RED's editor permissions ("*" everything, "read" read-only, or a
// list such as ["flows.read", "nodes.read"]). A user with no role that maps is refused at the login.
import { SecurityConfigError } from "../middleware/users-source";

/** Node-RED's permission for one role: "*", "read", or a list of scopes. */
export type EditorPermission = string | readonly string[];

export type PermissionMap = Readonly<Record<string, EditorPermission>>;

/** Without a `permissions` option: role admin gets everything, everyone else is refused. */
export const DEFAULT_PERMISSIONS: PermissionMap = { admin: "*" };

const SCOPE = /^(\*|read|write|\*\.read|\*\.write|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(read|write))$/;

function checkScope(value: unknown, role: string): string {
  if (typeof value !== "string" || !SCOPE.test(value.trim())) {
    throw new SecurityConfigError(
      `permissions: the permission of role "${role}" must be "*", "read", "write" or a Node-RED scope like "flows.read" ` +
        `(got ${JSON.stringify(value)})`,
    );
  }
  return value.trim();
}

/** Checks the `permissions` option; throws SecurityConfigError saying what to write instead. */
export function readPermissions(value: unknown): PermissionMap {
  if (value === undefined) return DEFAULT_PERMISSIONS;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SecurityConfigError('permissions must be an object like { admin: "*", viewer: "read" }');
  }
  const map: Record<string, EditorPermission> = {};
  for (const [role, permission] of Object.entries(value as Record<string, unknown>)) {
    if (role.trim().length === 0) throw new SecurityConfigError("permissions: a role name is empty");
    if (Array.isArray(permission)) {
      if (permission.length === 0) throw new SecurityConfigError(`permissions: role "${role}" has an empty list`);
      map[role.trim()] = permission.map((p) => checkScope(p, role));
    } else {
      map[role.trim()] = checkScope(permission, role);
    }
  }
  if (Object.keys(map).length === 0) {
    throw new SecurityConfigError("permissions names no role: nobody could open the editor");
  }
  return map;
}

/**
 * The editor permission of a user with these roles: "*" when any role gives everything, else the
 * union of their scopes; undefined when no role is in the map (the user may not open the editor).
 */
export function editorPermission(roles: readonly string[], map: PermissionMap): EditorPermission | undefined {
  const scopes = new Set<string>();
  for (const role of roles) {
    if (!Object.hasOwn(map, role)) continue;
    const given = map[role];
    for (const scope of typeof given === "string" ? [given] : (given ?? [])) scopes.add(scope);
  }
  if (scopes.size === 0) return undefined;
  if (scopes.has("*")) return "*";
  const list = [...scopes];
  const [only] = list;
  return list.length === 1 && only !== undefined ? only : list;
}

/** Roles that open the editor at all (the login page refuses the others with "no permission"). */
export function editorRoles(map: PermissionMap): string[] {
  return Object.keys(map);
}

/** Roles that give full editor permission: the admins of the list that guards the editor. */
export function adminRoles(map: PermissionMap): string[] {
  return Object.entries(map)
    .filter(([, p]) => p === "*" || (Array.isArray(p) && p.includes("*")))
    .map(([role]) => role);
}
