// The auth-users dialog's requests to the admin API, as promises: jQuery's ajax, which carries the
// editor's login token (plain fetch() would not).

/** A refused or failed request: the server's error text when it sent one, else the HTTP status text. */
export class RequestFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function failure(xhr: JQuery.jqXHR): RequestFailure {
  const body = xhr.responseJSON as { error?: unknown; code?: unknown } | undefined;
  const message = typeof body?.error === "string" && body.error ? body.error : xhr.statusText;
  return new RequestFailure(xhr.status, message, typeof body?.code === "string" ? body.code : undefined);
}

/** One request; resolves with the parsed answer. */
export function request<T>(settings: JQuery.AjaxSettings): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    $.ajax(settings)
      .done((result: T) => {
        resolve(result);
      })
      .fail((xhr: JQuery.jqXHR) => {
        reject(failure(xhr));
      });
  });
}

/** GET of a JSON answer, as $.getJSON does. */
export function getJson<T>(url: string): Promise<T> {
  return request<T>({ url, dataType: "json" });
}

/** A JSON body sent with `method`; `expectJson` asks for a JSON answer as well. */
export function sendJson<T>(method: string, url: string, body: unknown, expectJson = true): Promise<T> {
  return request<T>({
    url,
    method,
    contentType: "application/json",
    ...(expectJson ? { dataType: "json" } : {}),
    data: JSON.stringify(body),
  });
}

/** Runs a request whose failure the dialog does not show (a list that stays as it was). */
export function quietly(work: Promise<unknown>): void {
  work.catch(() => undefined);
}
