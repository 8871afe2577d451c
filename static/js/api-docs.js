// Starts Swagger UI on /api/v1/docs: the page's own script, a file since the
// Content-Security-Policy allows no inline script. The description's address is in data-spec.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: true });
});
