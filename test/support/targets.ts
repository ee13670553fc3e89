// Request targets that try to reach a protected path by a way some door reads differently: a table of
// the known tricks, and a fast-check generator that mixes them at random (bounded in number).
import fc from "fast-check";

/** "%xx" of a character, upper or lower case hex. */
function escape(char: string, lower: boolean): string {
  const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
  return `%${lower ? hex : hex.toUpperCase()}`;
}

/**
 * The known tricks against `path` (e.g. "/private/secret.txt"): case, "%xx" of every character,
 * "//", "/./", "/../", ";", "\", "%5C", "%2F", trailing ".", absolute- and authority-form, "#".
 */
export function trickTargets(path: string): string[] {
  const segments = path.split("/").filter(Boolean);
  const first = segments[0] ?? "";
  const rest = segments.slice(1).join("/");
  const tail = rest ? `/${rest}` : "";
  const out = new Set<string>([
    path,
    path.toUpperCase(),
    `/${first.charAt(0).toUpperCase()}${first.slice(1)}${tail}`,
    `/${path}`,
    `//${first}${tail}`,
    `/${first}//${rest}`,
    `/./${first}${tail}`,
    `/${first}/./${rest}`,
    `/x/../${first}${tail}`,
    `/x/%2e%2e/${first}${tail}`,
    `/x/%2E%2E/${first}${tail}`,
    `/x/.%2e/${first}${tail}`,
    `/%2e/${first}${tail}`,
    `/${first}x/../${first}${tail}`,
    `/../${first}${tail}`,
    `/x/..%2F${first}${tail}`,
    `/x/..%2f${first}${tail}`,
    `/x/..\\${first}${tail.replace(/\//g, "\\")}`,
    `/x\\..\\${first}${tail}`,
    `/x%5C..%5C${first}${tail}`,
    `/x%5c..%5c${first}${tail}`,
    `/${first}\\${rest}`,
    `/${first}%5C${rest}`,
    `/${first}%2F${rest}`,
    `/${first}%2f${rest}`,
    `\\${first}\\${rest}`,
    `%2F${first}${tail}`,
    `/${first};${tail}`,
    `/${first};x${tail}`,
    `/${first}.${tail}`,
    `/${first}..${tail}`,
    `${path}.`,
    `${path}/`,
    `${path}/.`,
    `${path}?x=1`,
    `${path}#x`,
    `/${first}#x${tail}`,
    `/x#/../${first}${tail}`,
    `http://anything${path}`,
    `HTTP://anything:1${path}`,
    `http://anything/x/..${path}`,
    `ws://a${path}`,
    `http:\\\\anything${path.replace(/\//g, "\\")}`,
    `//anything${path}`,
    "127.0.0.1:80",
    "*",
    `${path}%00`,
    `/x%00/../${first}${tail}`,
    ` ${path}`,
  ]);
  // "%xx" of every character of the path, one at a time, in both hex cases.
  for (let i = 0; i < path.length; i += 1) {
    for (const lower of [false, true]) {
      out.add(`${path.slice(0, i)}${escape(path.charAt(i), lower)}${path.slice(i + 1)}`);
    }
  }
  return [...out];
}

/** Random targets built from `path`'s segments, dot segments, odd separators, prefixes and suffixes. */
export function targetArbitrary(path: string): fc.Arbitrary<string> {
  const segments = path.split("/").filter(Boolean);
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...segments) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...segments), fc.infiniteStream(fc.integer({ min: 0, max: 4 })))
        .map(([s, choices]) =>
          Array.from({ length: s.length }, (_, i) => s.charAt(i))
            .map((c) => {
              const n = choices.next().value as number;
              return n === 0 ? escape(c, true) : n === 1 ? escape(c, false) : n === 2 ? c.toUpperCase() : c;
            })
            .join(""),
        ),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(".", "..", "%2e", "%2E%2e", ".%2e", "x", "", ";", "..;", "x.", "%00"),
    },
  );
  const separator = fc.constantFrom("/", "/", "/", "/", "//", "\\", "%2F", "%5c", "/./", "/../");
  const prefix = fc.constantFrom("", "", "", "", "http://h", "http://h:8", "//h", "\\");
  const suffix = fc.constantFrom("", "", "", "#f", "?q=1", ".", "/", "#/../x", "?a=/../b");
  return fc
    .tuple(prefix, fc.array(fc.tuple(separator, piece), { minLength: 1, maxLength: 5 }), suffix)
    .map(([pre, parts, post]) => `${pre}${parts.map(([sep, p]) => `${sep}${p}`).join("")}${post}`)
    .filter((t) => !/[\r\n ]/.test(t));
}

/** `count` random targets (seeded: the same every run) plus every trick, without repeats. */
export function targetsFor(path: string, count: number, seed = 4711): string[] {
  const random = fc.sample(targetArbitrary(path), { numRuns: count, seed });
  return [...new Set([...trickTargets(path), ...random])];
}
