// Data page: send the upload with XMLHttpRequest so a large file shows its progress,
// then show the server's preview in place of the page. Without JavaScript the plain
// form posts the same fields and the server answers with the same page.
// Texts come from data-text-* attributes of the form, so every word stays in the template.
(function () {
  "use strict";

  function setupUpload(form) {
    var input = form.querySelector("input[type=file]");
    var button = form.querySelector("button[type=submit]");
    var feedback = document.getElementById("upload-feedback");
    var progress = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var limit = Number(form.dataset.limit || 0);

    function show(text, percent) {
      feedback.hidden = false;
      status.textContent = text;
      if (percent === null) {
        progress.removeAttribute("value"); // indeterminate bar while the server checks
      } else {
        progress.value = percent;
      }
    }

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file || !window.FormData || !window.XMLHttpRequest) {
        return; // the browser's own checks and the plain post take over
      }
      event.preventDefault();
      if (limit && file.size > limit) {
        show(form.dataset.textTooLarge, 0);
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && e.loaded < e.total) {
          var percent = Math.floor((e.loaded / e.total) * 100);
          show(form.dataset.textProgress.replace("{percent}", String(percent)), percent);
        } else if (e.lengthComputable) {
          show(form.dataset.textChecking, null); // all sent: now the server reads the file
        }
      });
      xhr.upload.addEventListener("load", function () {
        show(form.dataset.textChecking, null);
      });
      xhr.addEventListener("load", function () {
        // The answer is a whole page (preview, refusal or error): it replaces this one.
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        show(form.dataset.textFailed, 0);
        button.disabled = false;
      });
      button.disabled = true;
      show(form.dataset.textProgress.replace("{percent}", "0"), 0);
      xhr.send(new FormData(form));
    });
  }

  function setupBusy(form) {
    var status = form.querySelector("[data-busy-status]");
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute("formaction")) {
        return; // "Abbrechen" is quick
      }
      if (status) {
        status.textContent = form.dataset.textBusy;
      }
      // Disable after this tick, so the clicked button's own value still goes with the form.
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) {
          b.disabled = true;
        });
      }, 0);
    });
  }

  function init() {
    document.querySelectorAll("form[data-upload]").forEach(setupUpload);
    document.querySelectorAll("form[data-busy]").forEach(setupBusy);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
