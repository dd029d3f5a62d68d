// The Jinja2 subset that rulesets' templates may use, rendered as afterview's sandbox renders it
// (trim_blocks, lstrip_blocks, a missing value shown as "[name]"). afterview validate refuses
// anything outside it (afterview.text.template_subset), so both engines render the same text.
(function (av) {
  "use strict";
  var TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'([^'\\\n]*)'|"([^"\\\n]*)"|(==|!=|[.|(),]))/y;
  var KEYWORDS = { and: 1, or: 1, not: 1 };
  var compiled = new Map();

  function TemplateError(message) { this.message = message; }
  TemplateError.prototype = Object.create(Error.prototype);

  function lex(expr) {
    var tokens = [], m, pos = 0;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(expr))) {
      pos = TOKEN.lastIndex;
      if (m[1] !== undefined) tokens.push({ k: KEYWORDS[m[1]] ? m[1] : "name", v: m[1] });
      else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ k: "str", v: m[2] !== undefined ? m[2] : m[3] });
      else tokens.push({ k: m[4], v: m[4] });
    }
    if (/\S/.test(expr.slice(pos))) throw new TemplateError("unexpected text in '" + expr.trim() + "'");
    return tokens;
  }

  function Parser(expr) { this.t = lex(expr); this.i = 0; }
  Parser.prototype.peek = function (k) { return this.t[this.i] && this.t[this.i].k === k; };
  Parser.prototype.take = function (k) {
    if (!this.peek(k)) throw new TemplateError("expected " + k);
    return this.t[this.i++].v;
  };
  Parser.prototype.end = function () { if (this.i !== this.t.length) throw new TemplateError("unexpected token"); };
  Parser.prototype.path = function () {
    var names = [this.take("name")];
    while (this.peek(".")) { this.i++; names.push(this.take("name")); }
    return names;
  };
  Parser.prototype.output = function () {
    var node = { path: this.path(), filters: [] };
    while (this.peek("|")) {
      this.i++;
      var f = { name: this.take("name"), arg: null };
      if (this.peek("(")) { this.i++; f.arg = this.take("str"); this.take(")"); }
      node.filters.push(f);
    }
    return node;
  };
  Parser.prototype.cond = function () {
    var node = this.conj();
    while (this.peek("or")) { this.i++; node = { or: [node, this.conj()] }; }
    return node;
  };
  Parser.prototype.conj = function () {
    var node = this.neg();
    while (this.peek("and")) { this.i++; node = { and: [node, this.neg()] }; }
    return node;
  };
  Parser.prototype.neg = function () {
    if (this.peek("not")) { this.i++; return { not: this.neg() }; }
    var node = { path: this.path() };
    if (this.peek("==") || this.peek("!=")) { node.op = this.t[this.i++].k; node.value = this.take("str"); }
    return node;
  };

  // Template source -> a list of nodes: text, output, and if-chains.
  function compile(source) {
    var lines = source.split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === "") lines.pop();  // keep_trailing_newline=False
    source = lines.join("\n");
    var root = [], stack = [{ body: root }], pos = 0, lineStarting = true, tag = /\{\{|\{%|\{#/g, m;
    function text(value) { if (value) stack[stack.length - 1].body.push({ text: value }); }
    while ((m = tag.exec(source))) {
      var before = source.slice(pos, m.index);
      var close = m[0] === "{{" ? "}}" : m[0] === "{%" ? "%}" : null;
      if (!close) throw new TemplateError("comments are not in the template subset");
      var end = source.indexOf(close, m.index + 2);
      if (end === -1) throw new TemplateError("unclosed " + m[0]);
      var inner = source.slice(m.index + 2, end);
      pos = end + 2;
      if (m[0] === "{%") {
        var l = before.lastIndexOf("\n") + 1;  // lstrip_blocks: only whitespace before the tag on its line
        if ((l > 0 || lineStarting) && /^\s+$/.test(before.slice(l))) before = before.slice(0, l);
        text(before);
        statement(inner.trim());
        lineStarting = false;
        if (source[pos] === "\n") { pos += 1; lineStarting = true; }  // trim_blocks
      } else {
        text(before);
        var p = new Parser(inner);
        var node = p.output();
        p.end();
        stack[stack.length - 1].body.push(node);
        lineStarting = false;
      }
      tag.lastIndex = pos;
    }
    text(source.slice(pos));
    if (stack.length > 1) throw new TemplateError("an if is never closed");
    return root;

    function statement(stmt) {
      var word = /^[a-z]+/.exec(stmt), rest = stmt.slice(word ? word[0].length : 0), top = stack[stack.length - 1];
      var p = new Parser(rest);
      if (word && word[0] === "if") {
        var chain = { branches: [{ cond: p.cond(), body: [] }] };
        p.end();
        top.body.push(chain);
        stack.push({ chain: chain, body: chain.branches[0].body });
      } else if (word && (word[0] === "elif" || word[0] === "else") && top.chain) {
        var branch = { cond: word[0] === "elif" ? p.cond() : null, body: [] };
        p.end();
        top.chain.branches.push(branch);
        top.body = branch.body;
      } else if (word && word[0] === "endif" && top.chain) {
        p.end();
        stack.pop();
      } else {
        throw new TemplateError("'{% " + stmt + " %}' is not in the template subset");
      }
    }
  }

  // A value is a string, a list, a mapping, or {undef: name} (shown as "[name]").
  function lookup(context, path) {
    if (!(path[0] in context)) return { undef: path[0] };
    var value = context[path[0]];
    for (var i = 1; i < path.length; i++) {
      if (value && value.undef !== undefined) return value;
      if (value === null || typeof value !== "object" || !(path[i] in value)) return { undef: path[i] };
      value = value[path[i]];
    }
    return value;
  }

  function show(value) { return value && value.undef !== undefined ? "[" + value.undef + "]" : String(value); }
  function capitalize(s) { return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); }

  var FILTERS = {
    "default": function (v, arg) { return v && v.undef !== undefined ? arg : v; },
    join: function (v, arg) { return Array.isArray(v) ? v.join(arg || "") : ""; },
    upper: function (v) { return show(v).toUpperCase(); },
    lower: function (v) { return show(v).toLowerCase(); },
    capitalize: function (v) { return capitalize(show(v)); },
    trim: function (v) { return show(v).trim(); }
  };

  function truthy(value) {
    if (value && value.undef !== undefined) return false;
    if (Array.isArray(value) || typeof value === "string") return value.length > 0;
    return Boolean(value);
  }

  function test(node, context) {
    if (node.or) return test(node.or[0], context) || test(node.or[1], context);
    if (node.and) return test(node.and[0], context) && test(node.and[1], context);
    if (node.not) return !test(node.not, context);
    var value = lookup(context, node.path);
    if (!node.op) return truthy(value);
    return (value === node.value) === (node.op === "==");
  }

  function run(nodes, context, out) {
    nodes.forEach(function (node) {
      if (node.text !== undefined) {
        out.push(node.text);
      } else if (node.branches) {
        var hit = node.branches.filter(function (b) { return b.cond === null || test(b.cond, context); })[0];
        if (hit) run(hit.body, context, out);
      } else {
        var value = lookup(context, node.path);
        node.filters.forEach(function (f) {
          if (!FILTERS[f.name]) throw new TemplateError("no filter named '" + f.name + "'");
          value = FILTERS[f.name](value, f.arg);
        });
        out.push(show(value));
      }
    });
  }

  // Python's render_text: sources without "{" are returned untouched, others rendered and stripped.
  function renderText(source, context) {
    if (source.indexOf("{") === -1) return source;
    var nodes = compiled.get(source);
    if (!nodes) { nodes = compile(source); compiled.set(source, nodes); }
    var out = [];
    run(nodes, context, out);
    return out.join("").replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, "");
  }

  av.templates = { renderText: renderText, compile: compile, TemplateError: TemplateError };
})(typeof globalThis !== "undefined" ? (globalThis.afterviewPlanner = globalThis.afterviewPlanner || {}) : {});
