// The admin area's additions to sqladmin's pages: the CSRF token on every form and request
// (the server refuses a change without it), and Chinese where sqladmin's script writes text.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";

  function addToken(form) {
    if ((form.method || "get").toLowerCase() !== "post" || form.querySelector('input[name="csrf"]')) {
      return;
    }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrf";
    input.value = token;
    form.appendChild(input);
  }

  document.querySelectorAll("form").forEach(addToken);
  document.addEventListener("submit", function (event) { addToken(event.target); }, true);

  if (window.jQuery) {
    window.jQuery.ajaxSetup({ headers: { "X-CSRF-Token": token } });
    window.jQuery(document).on("shown.bs.modal", "#modal-delete", function (event) {
      var element = window.jQuery(event.relatedTarget);
      window.jQuery("#modal-delete-text").text(
        "确定永久删除" + (element.data("name") || "") + " " + (element.data("pk") || "") + "？");
    });
  }
  var nativeFetch = window.fetch;
  window.fetch = function (resource, init) {
    init = init || {};
    var method = (init.method || "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") {
      var headers = new Headers(init.headers || {});
      headers.set("X-CSRF-Token", token);
      init.headers = headers;
    }
    return nativeFetch.call(this, resource, init);
  };
})();
