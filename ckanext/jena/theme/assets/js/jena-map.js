/* Maps of the Jena portal (Leaflet, served by the portal itself).
 * - jena-map:         draws a GeoJSON geometry (a dataset's spatial coverage)
 * - jena-preview-map: loads a resource's GeoJSON from the portal and draws it
 * - jena-bbox:        map search: draw a box or use the visible map section; four
 *                     coordinate fields are the keyboard alternative. Sets ext_bbox.
 * - jena-spatial-input: the publishing form's GeoJSON field with a map above it: shows the
 *                     geometry, draws a box into the field (same drawing as jena-bbox),
 *                     redraws when valid GeoJSON is typed, sets Jena's extent on request.
 * Background tiles only when ckanext.jena.map.tile_url is set; otherwise the geometries
 * are drawn on a plain background.
 * SPDX-License-Identifier: AGPL-3.0-or-later */
(function () {
  'use strict';

  var JENA = [[50.85, 11.50], [50.98, 11.68]];
  var STYLE = { color: '#00457d', weight: 2, fillColor: '#1f7ac4', fillOpacity: 0.25 };

  function tileConfig(el) {
    try { return JSON.parse(el.getAttribute('data-map-config') || '{}'); } catch (e) { return {}; }
  }

  /* CKAN re-runs module initialisation after htmx swaps: one map per element. */
  function initialised(el) {
    if (el.getAttribute('data-map-ready') === 'true' && el._leaflet_id) { return true; }
    return false;
  }

  /* Without background tiles: a labelled grid of degrees for orientation. */
  var STEPS = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];

  function graticule(map) {
    var layer = L.layerGroup().addTo(map);
    function draw() {
      layer.clearLayers();
      var b = map.getBounds();
      var span = Math.max(b.getEast() - b.getWest(), b.getNorth() - b.getSouth());
      var step = STEPS[STEPS.length - 1];
      for (var i = 0; i < STEPS.length; i++) {
        if (span / STEPS[i] > 4) { step = STEPS[i]; break; }
      }
      var digits = Math.max(0, Math.ceil(-Math.log10(step)));
      var line = { color: '#8a9bab', weight: 1, opacity: 0.6, interactive: false };
      var x, y;
      for (x = Math.ceil(b.getWest() / step) * step; x <= b.getEast(); x += step) {
        L.polyline([[b.getSouth(), x], [b.getNorth(), x]], line).addTo(layer);
        L.marker([b.getSouth(), x], { interactive: false, keyboard: false, icon: L.divIcon({
          className: 'jena-grid-label jena-grid-lon', html: x.toFixed(digits) + '°', iconSize: null }) }).addTo(layer);
      }
      for (y = Math.ceil(b.getSouth() / step) * step; y <= b.getNorth(); y += step) {
        L.polyline([[y, b.getWest()], [y, b.getEast()]], line).addTo(layer);
        L.marker([y, b.getEast()], { interactive: false, keyboard: false, icon: L.divIcon({
          className: 'jena-grid-label jena-grid-lat', html: y.toFixed(digits) + '°', iconSize: null }) }).addTo(layer);
      }
    }
    map.on('moveend zoomend resize', draw);
    map.whenReady(draw);
  }

  function makeMap(el) {
    var config = tileConfig(el);
    var map = L.map(el, {
      attributionControl: !!config.tile_url,
      keyboard: true,
      scrollWheelZoom: false
    });
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { attribution: config.attribution || '', maxZoom: 19 }).addTo(map);
    } else {
      el.classList.add('jena-map-plain');
      graticule(map);
    }
    map.fitBounds(JENA);
    el.setAttribute('data-map-ready', 'true');
    return map;
  }

  function geoLayer(data) {
    return L.geoJSON(data, {
      style: STYLE,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: '#00457d', weight: 2,
          fillColor: '#1f7ac4', fillOpacity: 0.8 });
      },
      onEachFeature: function (feature, layer) {
        var props = feature && feature.properties;
        if (!props) { return; }
        var rows = [];
        Object.keys(props).slice(0, 12).forEach(function (key) {
          var value = props[key];
          if (value === null || typeof value === 'object') { return; }
          var tr = document.createElement('tr');
          var th = document.createElement('th');
          var td = document.createElement('td');
          th.textContent = key;
          td.textContent = String(value);
          tr.appendChild(th); tr.appendChild(td);
          rows.push(tr);
        });
        if (rows.length) {
          var table = document.createElement('table');
          table.className = 'jena-popup-table';
          rows.forEach(function (tr) { table.appendChild(tr); });
          layer.bindPopup(table);
        }
      }
    });
  }

  function show(map, el, data) {
    var layer = geoLayer(data).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16 });
    }
    el.setAttribute('data-features', String(layer.getLayers().length));
    return layer;
  }

  /* Drawing a box with the mouse (map search and publishing form): the button toggles
   * drawing; while the mouse moves, preview(bbox) is called, at the end done(bbox), with
   * bbox = [west, south, east, north]. */
  function boxDrawing(map, mapEl, button, preview, done) {
    var state = { drawing: false, start: null };
    function toggle(force) {
      state.drawing = force === undefined ? !state.drawing : force;
      button.setAttribute('aria-pressed', state.drawing ? 'true' : 'false');
      mapEl.classList.toggle('jena-drawing', state.drawing);
      if (state.drawing) { map.dragging.disable(); } else { map.dragging.enable(); }
    }
    function bbox(s, c) {
      return [Math.min(s.lng, c.lng), Math.min(s.lat, c.lat), Math.max(s.lng, c.lng), Math.max(s.lat, c.lat)];
    }
    button.addEventListener('click', function () { toggle(); });
    map.on('mousedown', function (e) {
      if (state.drawing) { state.start = e.latlng; }
    });
    map.on('mousemove', function (e) {
      if (state.drawing && state.start) { preview(bbox(state.start, e.latlng)); }
    });
    map.on('mouseup', function (e) {
      if (!state.drawing || !state.start) { return; }
      var s = state.start;
      state.start = null;
      toggle(false);
      if (!s.equals(e.latlng)) { done(bbox(s, e.latlng)); }
    });
    return { toggle: toggle };
  }

  ckan.module('jena-map', function () {
    return {
      initialize: function () {
        var el = this.el[0];
        if (initialised(el)) { return; }
        var map = makeMap(el);
        var data;
        try { data = JSON.parse(el.getAttribute('data-geojson')); } catch (e) { data = null; }
        if (data) { show(map, el, data); }
      }
    };
  });

  ckan.module('jena-preview-map', function () {
    return {
      options: { src: null, error: 'The preview could not be loaded.' },
      initialize: function () {
        var el = this.el[0];
        if (initialised(el)) { return; }
        var status = document.getElementById(el.id + '-status');
        var options = this.options;
        var map = makeMap(el);
        fetch(options.src, { headers: { Accept: 'application/geo+json' } })
          .then(function (resp) {
            return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
          })
          .then(function (result) {
            if (!result.ok) { throw new Error(result.body.error || options.error); }
            var layer = show(map, el, result.body);
            if (status) { status.textContent = status.getAttribute('data-loaded').replace('{n}', layer.getLayers().length); }
          })
          .catch(function (err) {
            if (status) { status.textContent = err.message || options.error; status.classList.add('text-danger'); }
            el.setAttribute('data-error', 'true');
          });
      }
    };
  });

  ckan.module('jena-bbox', function () {
    return {
      initialize: function () {
        var self = this;
        var form = this.el[0];
        this.form = form;
        this.mapEl = form.querySelector('.jena-bbox-map');
        if (initialised(this.mapEl)) { return; }
        this.inputs = ['west', 'south', 'east', 'north'].map(function (k) {
          return form.querySelector('[data-bbox="' + k + '"]');
        });
        this.hidden = form.querySelector('input[name="ext_bbox"]');
        this.map = makeMap(this.mapEl);
        this.rect = null;
        var values = this.values();
        if (values) { this.showBox(values); }
        this.inputs.forEach(function (input) {
          input.addEventListener('change', function () {
            var v = self.values();
            if (v && !self.validate(true)) { self.showBox(v); }
          });
        });
        form.querySelector('[data-action="use-view"]').addEventListener('click', function () {
          var b = self.map.getBounds();
          self.fill([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
        });
        boxDrawing(this.map, this.mapEl, form.querySelector('[data-action="draw"]'),
          function (v) { self.showBox(v); }, function (v) { self.fill(v); });
        form.addEventListener('submit', function (event) {
          if (self.validate(false)) { event.preventDefault(); return; }
          var v = self.values();
          self.hidden.value = v ? v.join(',') : '';
          if (!v) { self.hidden.disabled = true; }
          self.keepParams();
        });
      },
      /* htmx updates the results and the URL without re-rendering this form: carry
       * the current query and filters over from the address bar. */
      keepParams: function () {
        var form = this.form;
        Array.prototype.slice.call(form.querySelectorAll('input.jena-bbox-keep')).forEach(function (i) {
          i.parentNode.removeChild(i);
        });
        new URLSearchParams(window.location.search).forEach(function (value, key) {
          if (key === 'ext_bbox' || key === 'page') { return; }
          var input = document.createElement('input');
          input.type = 'hidden';
          input.name = key;
          input.value = value;
          input.className = 'jena-bbox-keep';
          form.appendChild(input);
        });
      },
      values: function () {
        var raw = this.inputs.map(function (i) { return i.value.trim().replace(',', '.'); });
        if (raw.some(function (r) { return r === ''; })) { return null; }
        return raw.map(Number);
      },
      round: function (n) { return Math.round(n * 10000) / 10000; },
      fill: function (v) {
        var self = this;
        this.inputs.forEach(function (input, i) { input.value = String(self.round(v[i])); });
        this.validate(true);
        this.showBox(v);
      },
      showBox: function (v) {
        if (this.rect) { this.map.removeLayer(this.rect); }
        this.rect = L.rectangle([[v[1], v[0]], [v[3], v[2]]], STYLE).addTo(this.map);
        this.mapEl.setAttribute('data-bbox', v.join(','));
      },
      setError: function (input, message) {
        var err = document.getElementById(input.id + '-error');
        if (message) {
          input.setAttribute('aria-invalid', 'true');
          err.textContent = message;
          err.hidden = false;
        } else {
          input.removeAttribute('aria-invalid');
          err.textContent = '';
          err.hidden = true;
        }
      },
      /* Returns true when there are errors (and shows them at the fields). */
      validate: function (quiet) {
        var self = this, form = this.form, errors = 0;
        var raw = this.inputs.map(function (i) { return i.value.trim(); });
        var allEmpty = raw.every(function (r) { return r === ''; });
        var nums = [];
        this.inputs.forEach(function (input, i) {
          var message = '';
          var limit = (i % 2 === 0) ? 180 : 90;
          var n = Number(raw[i].replace(',', '.'));
          if (allEmpty) {
            message = '';
          } else if (raw[i] === '') {
            message = form.getAttribute('data-msg-required');
          } else if (isNaN(n) || n < -limit || n > limit) {
            message = form.getAttribute(i % 2 === 0 ? 'data-msg-lon' : 'data-msg-lat');
          }
          nums.push(n);
          if (!quiet || message === '') { self.setError(input, message); }
          if (message) { errors += 1; }
        });
        if (!errors && !allEmpty) {
          if (nums[0] >= nums[2]) { errors += 1; this.setError(this.inputs[2], form.getAttribute('data-msg-order-lon')); }
          if (nums[1] >= nums[3]) { errors += 1; this.setError(this.inputs[3], form.getAttribute('data-msg-order-lat')); }
        }
        if (errors && !quiet) {
          var first = this.inputs.filter(function (i) { return i.getAttribute('aria-invalid') === 'true'; })[0];
          if (first) { first.focus(); }
        }
        return errors > 0;
      }
    };
  });

  function round(n) { return Math.round(n * 100000) / 100000; }

  function boxPolygon(v) {
    var w = round(v[0]), s = round(v[1]), e = round(v[2]), n = round(v[3]);
    return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
  }

  ckan.module('jena-spatial-input', function () {
    return {
      initialize: function () {
        var self = this;
        var box = this.el[0];
        this.box = box;
        this.mapEl = box.querySelector('.jena-spatial-map');
        if (initialised(this.mapEl)) { return; }
        this.textarea = document.getElementById(box.getAttribute('data-target'));
        this.status = box.querySelector('.jena-spatial-status');
        this.map = makeMap(this.mapEl);
        this.layer = null;
        this.fromText();
        this.textarea.addEventListener('input', function () { self.fromText(); });
        boxDrawing(this.map, this.mapEl, box.querySelector('[data-action="draw"]'),
          function (v) { self.show(boxPolygon(v), false); },
          function (v) { self.write(boxPolygon(v), false); });
        box.querySelector('[data-action="jena-extent"]').addEventListener('click', function () {
          var extent;
          try { extent = JSON.parse(box.getAttribute('data-extent')); } catch (e) { extent = null; }
          self.write(extent || boxPolygon([JENA[0][1], JENA[0][0], JENA[1][1], JENA[1][0]]), true);
        });
      },
      /* Draws the geometry; returns false when it is no GeoJSON Leaflet can draw. */
      show: function (data, fit) {
        var layer;
        try { layer = geoLayer(data); } catch (e) { return false; }
        if (!layer.getLayers().length) { return false; }
        if (this.layer) { this.map.removeLayer(this.layer); }
        this.layer = layer.addTo(this.map);
        var bounds = layer.getBounds();
        if (fit && bounds.isValid()) { this.map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16, animate: false }); }
        this.mapEl.setAttribute('data-geometry', JSON.stringify(data));
        return true;
      },
      fromText: function () {
        var raw = this.textarea.value.trim();
        var data = null;
        if (raw === '') {
          if (this.layer) { this.map.removeLayer(this.layer); this.layer = null; }
          this.mapEl.removeAttribute('data-geometry');
          this.status.textContent = '';
          return;
        }
        try { data = JSON.parse(raw); } catch (e) { data = null; }
        var ok = data !== null && typeof data === 'object' && this.show(data, true);
        this.status.textContent = ok ? '' : this.box.getAttribute('data-msg-invalid');
      },
      write: function (data, fit) {
        this.textarea.value = JSON.stringify(data);
        this.status.textContent = '';
        this.show(data, fit);
        this.textarea.dispatchEvent(new Event('change', { bubbles: true }));
      }
    };
  });
})();
