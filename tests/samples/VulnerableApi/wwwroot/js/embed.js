// The script of the app's embeddable widget: it runs in a frame of a partner's page. Every line that must raise a
// diagnostic ends with "// expect: CORS01N" (SafeApi has the clean twin of this file).

const session = { token: sessionStorage.getItem("token"), user: sessionStorage.getItem("user") };

// Tells the embedding page who is signed in, and hands it the token: to any page that frames the widget.
function announce() {
    window.parent.postMessage({ type: "signed-in", user: session.user, token: session.token }, "*"); // expect: CORS014
}

// Constants only: nothing to leak, whoever the parent is.
function ready() {
    window.parent.postMessage({ type: "ready" }, "*");
}

// Settings sent by the embedding page, applied without checking who sent them.
window.addEventListener("message", (event) => { // expect: CORS013
    document.getElementById("widget-title").textContent = event.data.title;
});

// A worker takes no target origin.
const worker = new Worker("/js/worker.js");
worker.postMessage(session, "*");

announce();
ready();
