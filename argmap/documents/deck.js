// The deck's one script (allowed by its hash in the page's Content-Security-Policy):
// arrow keys, space and click move between slides; f toggles full screen; n the notes.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll("section.slide"));
  var count = document.getElementById("count");
  var current = -1;

  function show(i) {
    if (!slides.length) return;
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    if (current >= 0) slides[current].classList.remove("current");
    slides[i].classList.add("current");
    current = i;
    count.textContent = (i + 1) + " / " + slides.length;
    if (location.hash !== "#" + (i + 1)) {
      history.replaceState(null, "", "#" + (i + 1));
    }
  }

  function fromHash() {
    var n = parseInt(location.hash.slice(1), 10);
    return isNaN(n) ? 0 : n - 1;
  }

  function fullScreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "Enter":
        show(current + 1); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace":
        show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "f": case "F": fullScreen(); break;
      case "n": case "N": document.body.classList.toggle("with-notes"); break;
      default: return;
    }
    event.preventDefault();
  });
  slides.forEach(function (slide) {
    slide.querySelector(".frame").addEventListener("click", function (event) {
      event.preventDefault();
      show(event.shiftKey ? current - 1 : current + 1);
    });
  });
  window.addEventListener("hashchange", function () { show(fromHash()); });
  show(fromHash());
})();
