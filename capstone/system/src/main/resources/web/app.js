// The web client of `kit run`: plain browser APIs, no framework, nothing from another site. Every answer is written
// with textContent, never as HTML. Tokens live in this page's memory only: a reload logs out, and no other page or
// script on this origin can read them from storage.
"use strict";

const state = { api: null, accessToken: null, refreshToken: null, email: null };

const $ = (id) => document.getElementById(id);

function status(id, text, ok) {
  const element = $(id);
  element.textContent = text;
  element.classList.toggle("ok", ok === true);
  element.classList.toggle("bad", ok === false);
}

function showError(text) {
  const element = $("error");
  element.textContent = text;
  element.hidden = !text;
}

// The API's errors are JSON {error, message}; anything else (a network failure) says so plainly.
async function call(method, path, body, auth) {
  const headers = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (auth) headers["authorization"] = "Bearer " + state.accessToken;
  let response;
  try {
    response = await fetch(state.api + path.replace(/^\//, ""), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    return { status: 0, body: { error: "network", message: "The API did not answer: is `kit run` still running?" } };
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { message: text }; }
  return { status: response.status, body: parsed };
}

function describe(result) {
  const b = result.body || {};
  return result.status + " " + (b.error ? b.error + ": " : "") + (b.message || "");
}

function signedIn(yes) {
  for (const id of ["profile-refresh", "avatar-upload", "avatar-refresh", "logout-submit"]) $(id).disabled = !yes;
}

async function signUp(event) {
  event.preventDefault();
  const email = $("signup-email").value.trim();
  const result = await call("POST", "/signup", { email, password: $("signup-password").value });
  if (result.status === 202) {
    state.email = email;
    $("login-email").value = email;
    status("signup-status", "202: a code is on its way. Read it in the local inbox (step 2).", true);
  } else {
    status("signup-status", describe(result), false);
  }
}

async function readInbox() {
  const email = state.email || $("signup-email").value.trim() || $("login-email").value.trim();
  const list = $("inbox-messages");
  list.replaceChildren();
  if (!email) {
    status("confirm-status", "Sign up first: the inbox is per address.", false);
    return;
  }
  const response = await fetch("/local/inbox?email=" + encodeURIComponent(email));
  const body = await response.json();
  if (!response.ok) {
    status("confirm-status", response.status + " " + body.message, false);
    return;
  }
  for (const m of body.messages) {
    const item = document.createElement("li");
    item.textContent = m.source + " → " + m.to + ": code " + m.code;
    item.dataset.testid = "inbox-message";
    list.append(item);
  }
  if (body.messages.length === 0) {
    const item = document.createElement("li");
    item.textContent = "No code for " + email + " yet.";
    list.append(item);
  } else {
    $("confirm-code").value = body.messages[body.messages.length - 1].code;
  }
}

async function confirm(event) {
  event.preventDefault();
  const email = state.email || $("signup-email").value.trim();
  const result = await call("POST", "/signup/confirm", { email, code: $("confirm-code").value.trim() });
  status("confirm-status", result.status === 204 ? "204: confirmed. Log in (step 4)." : describe(result), result.status === 204);
}

async function logIn(event) {
  event.preventDefault();
  const email = $("login-email").value.trim();
  const result = await call("POST", "/login", { email, password: $("login-password").value });
  if (result.status === 200 && result.body && result.body.accessToken) {
    state.accessToken = result.body.accessToken;
    state.refreshToken = result.body.refreshToken;
    state.email = email;
    $("login-password").value = "";
    signedIn(true);
    status("login-status", "200: signed in as " + email + ".", true);
    await loadProfile();
  } else {
    status("login-status", describe(result), false);
  }
}

async function loadProfile() {
  const result = await call("GET", "/users/me", undefined, true);
  if (result.status !== 200) {
    showError("GET /users/me: " + describe(result));
    return;
  }
  showError("");
  $("profile-id").textContent = result.body.id;
  $("profile-email").textContent = result.body.email;
  $("profile-groups").textContent = (result.body.groups || []).join(", ") || "(none)";
  $("profile").hidden = false;
}

async function uploadAvatar(event) {
  event.preventDefault();
  const file = $("avatar-file").files[0];
  if (!file) {
    status("avatar-status", "Choose a PNG or JPEG first.", false);
    return;
  }
  const ticket = await call("POST", "/users/me/avatar",
    { contentType: file.type, size: file.size, fileName: file.name }, true);
  if (ticket.status !== 201) {
    status("avatar-status", describe(ticket), false);
    return;
  }
  // Straight to S3 with the presigned URL: the API never sees the bytes. The signature binds the type and the length;
  // the browser sets Content-Length itself (a page may not).
  const headers = {};
  for (const [name, value] of Object.entries(ticket.body.headers || {})) {
    if (name.toLowerCase() !== "content-length") headers[name] = value;
  }
  let put;
  try {
    put = await fetch(ticket.body.url, { method: "PUT", headers, body: file });
  } catch (e) {
    status("avatar-status", "The upload to S3 failed (network or CORS).", false);
    return;
  }
  if (!put.ok) {
    status("avatar-status", "S3 answered " + put.status + " to the upload.", false);
    return;
  }
  status("avatar-status", "Uploaded to S3 (" + put.status + "); waiting for the thumbnail…", true);
  await showThumbnail(20);
}

// The thumbnail is made by the function S3's event calls, a moment after the upload: ask again for a few seconds.
async function showThumbnail(attempts) {
  for (let i = 0; i < attempts; i++) {
    const result = await call("GET", "/users/me/avatar", undefined, true);
    if (result.status === 200) {
      const image = $("avatar-image");
      image.src = result.body.url;
      image.hidden = false;
      status("avatar-status", "Thumbnail ready: " + result.body.key, true);
      return;
    }
    if (result.status !== 404) {
      status("avatar-status", describe(result), false);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  status("avatar-status", "No thumbnail yet (404 no_avatar).", false);
}

async function showNotifications() {
  const email = state.email || $("signup-email").value.trim();
  const response = await fetch("/local/notifications" + (email ? "?to=" + encodeURIComponent(email) : ""));
  const body = await response.json();
  const list = $("notifications-list");
  list.replaceChildren();
  for (const [channel, deliveries] of [["e-mail", body.email], ["SMS", body.sms]]) {
    for (const d of deliveries) {
      const item = document.createElement("li");
      item.textContent = channel + " to " + d.to + ": " + (d.subject ? d.subject + ": " : "") + d.body;
      item.dataset.testid = "notification";
      list.append(item);
    }
  }
  if (list.children.length === 0) {
    const item = document.createElement("li");
    item.textContent = "Nothing sent" + (email ? " to " + email : "") + " yet (the welcome e-mail follows the confirmation).";
    list.append(item);
  }
}

async function logOut() {
  const result = await call("POST", "/logout", { refreshToken: state.refreshToken });
  state.accessToken = null;
  state.refreshToken = null;
  signedIn(false);
  $("profile").hidden = true;
  $("avatar-image").hidden = true;
  $("avatar-image").removeAttribute("src");
  status("logout-status", result.status === 204 ? "204: signed out; the refresh token is revoked." : describe(result),
    result.status === 204);
  status("login-status", "", undefined);
}

async function start() {
  const config = await (await fetch("/local/config.json")).json();
  state.api = config.api;
  $("api-base").textContent = config.api;
  $("signup-form").addEventListener("submit", signUp);
  $("inbox-refresh").addEventListener("click", readInbox);
  $("confirm-form").addEventListener("submit", confirm);
  $("login-form").addEventListener("submit", logIn);
  $("profile-refresh").addEventListener("click", loadProfile);
  $("avatar-form").addEventListener("submit", uploadAvatar);
  $("avatar-refresh").addEventListener("click", () => showThumbnail(1));
  $("notifications-refresh").addEventListener("click", showNotifications);
  $("logout-submit").addEventListener("click", logOut);
  document.body.dataset.ready = "true";
}

start().catch(() => showError("Could not read /local/config.json: is `kit run` still running?"));
