/* Accessibility repairs for widgets of CKAN core:
 * - select2 (tags, autocomplete) draws its own combobox next to the original field;
 *   give it the original field's label (WCAG 1.3.1, 4.1.2).
 * - scheming's list-of-texts widget clones its last row for "Add": the clone must not
 *   repeat the id (the label's target) or the error of the original.
 * SPDX-License-Identifier: AGPL-3.0-or-later */
(function () {
  'use strict';

  function labelFor(field) {
    if (!field || !field.id) { return null; }
    return document.querySelector('label[for="' + field.id + '"]');
  }

  function repair(container) {
    var field = container.previousElementSibling;
    while (field && !/^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) {
      field = field.previousElementSibling;
    }
    var label = labelFor(field);
    if (!label) { return; }
    if (!label.id) { label.id = field.id + '-label'; }
    var targets = container.querySelectorAll('.select2-selection, .select2-search__field, .select2-choices input, .select2-choice, .select2-input');
    Array.prototype.forEach.call(targets, function (el) {
      if (!el.getAttribute('aria-labelledby') && !el.getAttribute('aria-label')) {
        el.setAttribute('aria-labelledby', label.id);
      }
    });
  }

  function uncloneRow(li) {
    var input = li.querySelector('input');
    if (input && input.id && document.querySelectorAll('[id="' + input.id + '"]').length > 1) {
      input.removeAttribute('id');
    }
    if (input) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    Array.prototype.forEach.call(li.querySelectorAll('.error-block'), function (e) {
      e.parentNode.removeChild(e);
    });
  }

  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll('.select2-container'), repair);
  }

  document.addEventListener('DOMContentLoaded', function () {
    scan(document);
    if (window.MutationObserver) {
      new MutationObserver(function (records) {
        records.forEach(function (r) {
          Array.prototype.forEach.call(r.addedNodes, function (n) {
            if (n.nodeType !== 1) { return; }
            if (n.classList.contains('select2-container')) { repair(n); } else { scan(n); }
            if (n.classList.contains('multiple-text-field')) { uncloneRow(n); }
          });
        });
      }).observe(document.body, { childList: true, subtree: true });
    }
  });
})();
