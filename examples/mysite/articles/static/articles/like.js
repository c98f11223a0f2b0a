// The "like" button of an article: an AJAX POST that carries the CSRF
// token in the X-CSRFToken header, as Django's documentation shows, then
// shows the new count the server returns.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("like");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const resp = await fetch(button.dataset.url, {
        method: "POST",
        headers: { "X-CSRFToken": button.dataset.csrf },
        credentials: "same-origin",
      });
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      const data = await resp.json();
      document.getElementById("likes").textContent = data.likes;
    } catch (err) {
      console.error("like failed:", err);
    } finally {
      button.disabled = false;
    }
  });
});
