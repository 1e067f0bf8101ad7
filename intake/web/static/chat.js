// Worker chat over the JSON API: POST /api/chat/sessions, POST /api/chat/sessions/{id}/messages,
// GET /api/chat/sessions/{id}, GET /api/chat/sessions/{id}/inbox. The session id, the transcript
// and the id of the last inbox message shown live in localStorage so a worker can reload, leave
// and come back; the server's stored conversation is the truth.
(function () {
  "use strict";
  const KEY = "anxin.chat";
  const log = document.getElementById("log");
  const buttons = document.getElementById("buttons");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const send = document.getElementById("send");
  const restart = document.getElementById("restart");
  let saved = load();
  let busy = false;

  function fresh() { return { sessionId: null, log: [], buttons: [], awaiting: null, inboxSeen: 0 }; }
  function load() {
    try { return Object.assign(fresh(), JSON.parse(localStorage.getItem(KEY)) || {}); }
    catch (e) { return fresh(); }
  }
  function persist() {
    try { localStorage.setItem(KEY, JSON.stringify(saved)); } catch (e) { /* private mode */ }
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function bubble(kind, text) {
    const div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    log.appendChild(div);
    scrollDown();
    return div;
  }
  function showButtons(list) {
    buttons.innerHTML = "";
    (list || []).forEach(function (b) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.label;
      btn.dataset.value = b.value;
      btn.disabled = busy;
      // a pressed button does not focus the text box: that would pop up a phone's keyboard
      btn.addEventListener("click", function () { post({ choice: b.value }, b.label, null); });
      buttons.appendChild(btn);
    });
    buttons.hidden = !buttons.children.length;
    scrollDown();  // the buttons take room from the log: keep the latest question in sight
  }
  function setBusy(on) {
    busy = on;
    send.disabled = on;
    attachButtons(on);
    buttons.querySelectorAll("button").forEach(function (b) { b.disabled = on; });
    document.body.classList.toggle("busy", on);
  }
  // Enough lines for what is typed, up to the CSS max-height; then the box scrolls.
  function grow() {
    input.style.height = "auto";
    input.style.height = input.scrollHeight + 2 + "px";
  }

  async function api(method, path, body, headers) {
    let resp;
    try {
      resp = await fetch(path, {
        method: method,
        headers: Object.assign(body === undefined ? {} : { "Content-Type": "application/json" },
                               headers || {}),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const err = new Error("network");
      err.status = 0;
      throw err;
    }
    let data = null;
    try { data = await resp.json(); } catch (e) { /* not JSON */ }
    if (!resp.ok) {
      const err = new Error((data && data.message) || String(resp.status));
      err.status = resp.status;
      throw err;
    }
    return data;
  }
  // What went wrong, for a worker (the server's messages are for developers).
  function problem(err) {
    if (err.forWorker) return err.forWorker;
    if (err.status === 0) return "网络好像断了";
    if (err.status === 422 || err.status === 413) return "这条消息太长或者格式不对";
    if (err.status === 429) return "发得太快了";
    return "服务暂时不可用";
  }

  async function ensureSession() {
    if (!saved.sessionId) {
      const data = await api("POST", "/api/chat/sessions", {});
      saved.sessionId = data.session_id;
      saved.inboxSeen = 0;
      persist();
    }
    return saved.sessionId;
  }
  function messagesPath(id) { return "/api/chat/sessions/" + encodeURIComponent(id) + "/messages"; }

  async function exchange(body) {
    const id = await ensureSession();
    const headers = { "Idempotency-Key": keyFor(body) };
    try {
      return answered(await withRetries(function () { return deliver(id, body, headers); }));
    } catch (e) {
      if (e.status !== 404) throw e;
      saved.sessionId = null;  // the server does not know this session: start a new one
      return answered(await deliver(await ensureSession(), body, headers));
    }
  }
  function deliver(id, body, headers) {
    if (body.file) return uploadFile(id, body.file, headers);
    return api("POST", messagesPath(id), body, headers);
  }

  // Retries (DESIGN.md, "Web chat retries"): every message carries an Idempotency-Key of its
  // own. A message whose answer was lost (the network dropped, a server restarted) is sent
  // again with the same key, automatically at first and then when the worker sends the same
  // thing again: if the server had taken it, it answers as it did and applies nothing twice.
  let unanswered = null;  // {body, key}: the last message sent and not answered
  function newKey() {
    // randomUUID needs a secure context (https, localhost); plain http falls back
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    if (window.crypto && typeof crypto.getRandomValues === "function") {
      return Array.from(crypto.getRandomValues(new Uint8Array(16)), function (b) {
        return (b + 256).toString(16).slice(1);
      }).join("");
    }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) +
      Math.random().toString(36).slice(2);
  }
  function keyFor(body) {
    const same = body.file || JSON.stringify(body);  // a file: the same File object again
    if (!unanswered || unanswered.body !== same) unanswered = { body: same, key: newKey() };
    return unanswered.key;
  }
  function answered(data) { unanswered = null; return data; }
  const RETRY_DELAYS_MS = [1000, 3000];
  function transient(err) { return err.status === 0 || err.status === 502 || err.status === 503 ||
                                  err.status === 504; }
  async function withRetries(send) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (e) {
        if (!transient(e) || attempt >= RETRY_DELAYS_MS.length) throw e;
        await new Promise(function (done) { setTimeout(done, RETRY_DELAYS_MS[attempt]); });
      }
    }
  }

  // Send one message. `echo`: what to show as the worker's bubble; `typed`: the text from the
  // box, given back to the box if sending fails so nothing typed is lost.
  async function post(body, echo, typed) {
    if (busy) return false;  // one message at a time: no double "确认提交"
    setBusy(true);
    const mine = echo ? bubble("me", echo) : null;
    const pending = bubble("bot pending", "正在回复…");
    try {
      const data = await exchange(body);
      pending.remove();
      if (echo) saved.log.push(["me", echo]);
      const replies = data.replies || [];
      replies.forEach(function (r) { saved.log.push(["bot", r.text]); bubble("bot", r.text); });
      const last = replies.filter(function (r) { return (r.buttons || []).length; }).pop();
      saved.buttons = last ? last.buttons : [];
      saved.awaiting = data.awaiting;
      document.body.dataset.awaiting = data.awaiting || "";
      persist();
      return true;
    } catch (e) {
      pending.remove();
      if (mine) { mine.classList.add("failed"); mine.title = "没有发出去"; }
      if (typed && !input.value) { input.value = typed; grow(); }
      bubble("error", e.forWorker || "没有发出去：" + problem(e) + "。" +
        (typed ? "您写的内容还在输入框里，" : "") + "请稍后再试。");
      return false;
    } finally {
      setBusy(false);
      showButtons(saved.buttons);
      if (typed) input.focus();
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    grow();
    post({ text: text }, text, text);
  });
  input.addEventListener("keydown", function (ev) {
    // Enter while an input method is composing picks a candidate; it must not send.
    if (ev.isComposing || ev.keyCode === 229) return;
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  input.addEventListener("input", grow);
  window.addEventListener("resize", scrollDown);  // a phone keyboard opening shrinks the page
  restart.addEventListener("click", function () {
    if (saved.sessionId) post({ text: "/restart" }, "重新开始", null);
    else post({ text: "/start" }, null, null);
  });

  // --- the inbox: what an inspector or the follow-up sends outside a reply ------------------
  // Polled while the page is open and visible, and at once when it is opened or shown again;
  // a message is shown once (its id is remembered), with its buttons, which answer it.
  const INBOX_EVERY_MS = 10000;
  let inboxTimer = null;
  let inboxRunning = false;

  function inboxPath(id) {
    return "/api/chat/sessions/" + encodeURIComponent(id) + "/inbox?after=" + (saved.inboxSeen || 0);
  }
  function showInboxMessage(m) {
    const text = m.text;
    saved.log.push(["bot inbox", text]);
    bubble("bot inbox", text);
    if ((m.buttons || []).length) saved.buttons = m.buttons;
    saved.inboxSeen = Math.max(saved.inboxSeen || 0, m.id);
  }
  async function pollInbox() {
    if (inboxRunning || busy || !saved.sessionId || document.hidden) return;
    inboxRunning = true;
    try {
      const data = await api("GET", inboxPath(saved.sessionId));
      const messages = (data && data.messages) || [];
      if (messages.length && !busy) {
        messages.forEach(showInboxMessage);
        showButtons(saved.buttons);
        persist();
      }
    } catch (e) {
      /* offline or the session is gone: the next poll, or the next message, finds out */
    } finally {
      inboxRunning = false;
    }
  }
  function startInbox() {
    if (inboxTimer === null) inboxTimer = window.setInterval(pollInbox, INBOX_EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) pollInbox();
    });
    pollInbox();
  }

  // Back after a reload (or days later): show what was said, then make sure the question on
  // screen is the one the server is waiting for — a reply lost to a reload mid-request, or a
  // second tab, would leave an old question showing. /start re-asks it without changing anything.
  async function resume() {
    saved.log.forEach(function (entry) { bubble(entry[0], entry[1]); });
    showButtons(saved.buttons);
    document.body.dataset.awaiting = saved.awaiting || "";
    if (!saved.sessionId || !saved.log.length) { post({ text: "/start" }, null, null); return; }
    try {
      const where = await api("GET", "/api/chat/sessions/" + encodeURIComponent(saved.sessionId));
      if (where.awaiting !== saved.awaiting) await post({ text: "/start" }, null, null);
    } catch (e) {
      if (e.status !== 404) return;  // offline for now: the saved conversation stays on screen
      saved = fresh();
      persist();
      log.innerHTML = "";
      showButtons([]);
      post({ text: "/start" }, null, null);
    }
  }

  // Evidence (欠条、工资单、聊天记录): a photo taken now or a photo or PDF chosen from the phone,
  // sent to POST /api/chat/sessions/{id}/evidence and answered like a message. The server
  // judges the file by its content; only the size is checked here, to spare a worker's data.
  const MAX_FILE_BYTES = Number(document.body.dataset.maxFileBytes) || 10 * 1024 * 1024;
  const camera = document.getElementById("camera");
  const attach = document.getElementById("attach");
  const cameraInput = document.getElementById("camera-input");
  const fileInput = document.getElementById("file-input");
  function attachButtons(off) { camera.disabled = off; attach.disabled = off; }
  function megabytes(n) { return (n / 1024 / 1024).toFixed(1).replace(/\.0$/, "") + "MB"; }
  function chooseFile(input) {
    if (busy) return;
    input.value = "";  // choosing the same file again still fires "change"
    input.click();
  }
  function sendFile(input) {
    const file = input.files && input.files[0];
    if (!file || busy) return;
    const label = (file.type === "application/pdf" || /\.pdf$/i.test(file.name) ? "文件：" : "照片：") +
      (file.name || "拍的照片");
    if (file.size > MAX_FILE_BYTES) {
      bubble("error", "“" + file.name + "”太大了（" + megabytes(file.size) + "），最大 " +
        megabytes(MAX_FILE_BYTES) + "。请换一张小一点的照片，或者把 PDF 分成几份发。");
      return;
    }
    if (!file.size) {
      bubble("error", "“" + file.name + "”是空的，请重新选择。");
      return;
    }
    post({ file: file }, label, null);
  }
  async function uploadFile(id, file, headers) {
    const form = new FormData();
    form.append("file", file, file.name || "photo.jpg");
    let resp;
    try {
      resp = await fetch("/api/chat/sessions/" + encodeURIComponent(id) + "/evidence",
                         { method: "POST", headers: headers, body: form });
    } catch (e) {
      const err = new Error("network");
      err.status = 0;
      throw err;
    }
    let data = null;
    try { data = await resp.json(); } catch (e) { /* not JSON */ }
    if (!resp.ok) {
      const err = new Error((data && data.message) || String(resp.status));
      err.status = resp.status;
      // the file was refused (type, size): the server says why, in words for the worker
      if (data && /^(unsupported_file|too_large|empty_file)$/.test(data.error)) {
        err.forWorker = data.message;
      }
      throw err;
    }
    return data;
  }
  camera.addEventListener("click", function () { chooseFile(cameraInput); });
  attach.addEventListener("click", function () { chooseFile(fileInput); });
  cameraInput.addEventListener("change", function () { sendFile(cameraInput); });
  fileInput.addEventListener("change", function () { sendFile(fileInput); });

  resume().then(startInbox);
})();
