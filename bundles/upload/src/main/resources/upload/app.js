// The phone page: pick or take a photo, preview it, upload it once. No frameworks, no CDN.
(function () {
  'use strict';
  var en = /^en/i.test(navigator.language || '') && !/^zh/i.test(navigator.language || '');
  var pick = document.getElementById('pick');
  var preview = document.getElementById('preview');
  var send = document.getElementById('send');
  var progress = document.getElementById('progress');
  var result = document.getElementById('result');
  var lang = document.getElementById('lang');
  var file = null;
  var last = null;

  function texts() {
    document.documentElement.lang = en ? 'en' : 'zh-CN';
    Array.prototype.forEach.call(document.querySelectorAll('[data-zh]'), function (el) {
      el.textContent = en ? el.getAttribute('data-en') : el.getAttribute('data-zh');
    });
    lang.textContent = en ? '中文' : 'English';
    if (last) { say(last.zh, last.en, last.cls); }
  }
  function say(zh, enText, cls) {
    last = { zh: zh, en: enText, cls: cls };
    result.textContent = en ? enText : zh;
    result.className = cls || '';
  }
  lang.addEventListener('click', function (e) { e.preventDefault(); en = !en; texts(); });

  pick.addEventListener('change', function () {
    file = pick.files && pick.files[0];
    if (!file) { return; }
    if (!/^image\/(jpeg|png)$/.test(file.type)) {
      file = null; send.disabled = true;
      say('请选择 JPG 或 PNG 格式的照片', 'Please choose a JPG or PNG photo', 'error');
      return;
    }
    preview.src = URL.createObjectURL(file);
    preview.className = 'shown';
    send.disabled = false;
    say('', '', '');
  });

  send.addEventListener('click', function () {
    if (!file) { return; }
    send.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    say('正在上传…', 'Uploading…', '');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', location.pathname);
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { progress.value = Math.round(e.loaded * 100 / e.total); } };
    xhr.onload = function () {
      progress.hidden = true;
      var r = null;
      try { r = JSON.parse(xhr.responseText); } catch (ignored) { r = null; }
      if (xhr.status === 200) {
        say(r ? r.zh : '上传成功', r ? r.en : 'Uploaded', 'ok');
        pick.disabled = true;
        document.getElementById('pick-label').hidden = true;
        return;
      }
      send.disabled = xhr.status === 404 || xhr.status === 410;
      say(r ? r.zh : '上传失败，请重试', r ? r.en : 'The upload failed; please try again', 'error');
    };
    xhr.onerror = function () {
      progress.hidden = true;
      send.disabled = false;
      say('网络连接失败，请确认已连接大厅 Wi-Fi 后重试', 'No connection; check you are on the hall Wi-Fi and try again', 'error');
    };
    xhr.send(file);
  });
  texts();
}());
