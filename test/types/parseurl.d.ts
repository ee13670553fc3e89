// parseurl (Express's URL reader, a dependency of Express) ships no types: the part these tests call.
declare module "parseurl" {
  function parseurl(req: { url?: string }): { pathname?: string | null } | undefined;
  export default parseurl;
}
