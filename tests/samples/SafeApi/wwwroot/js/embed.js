// The clean twin of VulnerableApi's wwwroot/js/embed.js: the same widget, posting to the partner's origin and checking
// the origin of the messages it acts on.

const session = { token: sessionStorage.getItem("token"), user: sessionStorage.getItem("user") };
const partnerOrigin = "https://partner.example";
const allowedMessageOrigins = new Set([partnerOrigin]);

// Tells the embedding page who is signed in: only if it is the partner's page.
function announce() {
    window.parent.postMessage({ type: "signed-in", user: session.user, token: session.token }, partnerOrigin);
}

// Constants only: nothing to leak, whoever the parent is.
function ready() {
    window.parent.postMessage({ type: "ready" }, "*");
}

// Settings sent by the embedding page, applied only when the partner sent them.
window.addEventListener("message", (event) => {
    if (!allowedMessageOrigins.has(event.origin)) {
        return;
    }

    document.getElementById("widget-title").textContent = event.data.title;
});

// A worker takes no target origin.
const worker = new Worker("/js/worker.js");
worker.postMessage(session, "*");

announce();
ready();
