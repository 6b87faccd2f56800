// The import page's upload with a progress bar (issue #14): the form posts as usual without
// script; with it, the upload's progress is shown and the answer replaces the page.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-import-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var box = form.querySelector(".import-progress");
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-import-status]");
    box.hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.value = pct;
        status.textContent = pct + "%";
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      status.textContent = "已上传，正在逐行检查……";
    });
    xhr.addEventListener("load", function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
      history.replaceState(null, "", form.action);
    });
    xhr.addEventListener("error", function () {
      status.textContent = "上传中断，请检查网络后重试";
      form.querySelector("button[type=submit]").disabled = false;
    });
    xhr.send(new FormData(form));
  });
});
