// Calls to the service's /v1 API with the admin token of this browser tab.
// Every failure becomes an ApiError whose message is the service's own
// (`message` of its JSON error body), so pages can show it as is.

const TOKEN_KEY = "ioi-judge-admin-token";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(extra = {}) {
  const value = token.get();
  return value ? { ...extra, Authorization: `Bearer ${value}` } : extra;
}

// The service's message from an error answer's text, whatever its shape.
function messageOf(status, text) {
  try {
    const body = JSON.parse(text);
    if (body && typeof body.message === "string") return body.message;
    if (body && typeof body.detail === "string") return body.detail;
  } catch (_) {
    // not JSON (a proxy's page, say): its start is all we can show
  }
  const start = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
  return `HTTP ${status}${start ? `: ${start}` : ""}`;
}

function parse(status, text) {
  if (status < 200 || status >= 300) throw new ApiError(status, messageOf(status, text));
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (_) {
    throw new ApiError(status, `the service answered something that is not JSON: ${text.slice(0, 100)}`);
  }
}

export async function api(path, { method = "GET", json } = {}) {
  const init = { method, headers: headers(json === undefined ? {} : { "Content-Type": "application/json" }) };
  if (json !== undefined) init.body = JSON.stringify(json);
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, `cannot reach the service: ${err.message}`);
  }
  return parse(response.status, await response.text());
}

// POST a file as multipart form data; onProgress(fraction) while it is sent.
// XMLHttpRequest, not fetch: fetch reports no upload progress.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      try {
        resolve(parse(xhr.status, xhr.responseText));
      } catch (err) {
        reject(err);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "cannot reach the service (upload failed)"));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
