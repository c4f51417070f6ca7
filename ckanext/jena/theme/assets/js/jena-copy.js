/* Copy a text (the attribution of a dataset) to the clipboard.
 * Clipboard API where available (secure contexts), otherwise select the text field and
 * use execCommand('copy'); if that fails too, leave the text selected and ask the user to
 * press Ctrl+C. The result is announced in an aria-live region.
 * SPDX-License-Identifier: AGPL-3.0-or-later */
ckan.module('jena-copy', function ($) {
  return {
    options: { target: null, done: 'Copied.', manual: 'Press Ctrl+C to copy.' },
    initialize: function () {
      var self = this;
      this.field = document.getElementById(this.options.target);
      this.status = document.getElementById(this.options.target + '-status');
      this.el.on('click', function (event) {
        event.preventDefault();
        self.copy();
      });
    },
    say: function (text) {
      if (this.status) { this.status.textContent = text; }
    },
    fallback: function () {
      var ok = false;
      this.field.focus();
      this.field.select();
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      this.say(ok ? this.options.done : this.options.manual);
    },
    copy: function () {
      var self = this;
      var text = this.field.value || this.field.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { self.say(self.options.done); },
          function () { self.fallback(); }
        );
      } else {
        this.fallback();
      }
    }
  };
});
