/* The rich-text editor (django-prose-editor: ProseMirror / Tiptap) on every textarea the
   server marked with data-django-prose-editor-configurable, plus an image control: the
   image is uploaded to data-upload-url with its text alternative (required) and placed at
   the cursor. No inline script: the configuration is the textarea's data attribute. */
import * as editorModule from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-django-prose-editor-configurable";

function csrfToken(form) {
  const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function imageControl(textarea, editor) {
  const url = textarea.dataset.uploadUrl;
  if (!url) return;
  const id = textarea.id || textarea.name;
  const box = document.createElement("fieldset");
  box.className = "fr-fieldset mentor-rich-image fr-mt-1w";
  box.innerHTML = `
    <legend class="fr-fieldset__legend fr-text--sm">Insérer une image</legend>
    <div class="fr-fieldset__element"><div class="fr-upload-group">
      <label class="fr-label" for="${id}-image">Image
        <span class="fr-hint-text">PNG, JPEG, GIF ou WebP.</span></label>
      <input class="fr-upload" type="file" id="${id}-image" accept="image/png,image/jpeg,image/gif,image/webp">
    </div></div>
    <div class="fr-fieldset__element"><div class="fr-input-group">
      <label class="fr-label" for="${id}-alt">Texte alternatif (obligatoire)
        <span class="fr-hint-text">Ce que l’image apporte, en une phrase.</span></label>
      <input class="fr-input" type="text" id="${id}-alt" maxlength="255">
    </div></div>
    <div class="fr-fieldset__element">
      <button type="button" class="fr-btn fr-btn--sm fr-btn--secondary">Insérer l’image</button>
      <p class="fr-message fr-message--error fr-mt-1w" role="status" aria-live="polite" hidden></p>
    </div>`;
  const wrapper = textarea.closest(".prose-editor") || textarea;
  wrapper.insertAdjacentElement("afterend", box);
  const file = box.querySelector("input[type=file]");
  const alt = box.querySelector("input[type=text]");
  const message = box.querySelector(".fr-message");
  const say = (text) => { message.textContent = text; message.hidden = !text; };
  box.querySelector("button").addEventListener("click", async () => {
    say("");
    if (!file.files.length) { say("Choisissez une image."); file.focus(); return; }
    if (!alt.value.trim()) { say("Le texte alternatif est obligatoire."); alt.focus(); return; }
    const body = new FormData();
    body.append("image", file.files[0]);
    body.append("alt", alt.value.trim());
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(textarea.form)},
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { say(data.error || "L’image n’a pas pu être déposée."); return; }
    editor.chain().focus().setImage({src: data.url, alt: data.alt}).run();
    file.value = ""; alt.value = "";
  });
}

// The editable area is what assistive technologies reach: it gets the textarea's label
// and hint (the textarea itself is hidden by the editor).
function labelEditable(textarea, editable) {
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    if (!label.id) label.id = `${textarea.id}-label`;
    editable.setAttribute("aria-labelledby", label.id);
  }
  const hint = textarea.getAttribute("aria-describedby");
  if (hint) editable.setAttribute("aria-describedby", hint);
  editable.setAttribute("aria-multiline", "true");
}

// The nonce of this page's scripts (the CSP's): Tiptap injects its base styles in a <style>
// element, which the policy accepts only with this nonce.
function cspNonce() {
  const script = document.querySelector("script[nonce]");
  return script ? script.nonce : undefined;
}

// django-prose-editor's createTextareaEditor, with the CSP nonce for the injected styles.
function createTextareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled");
  const element = document.createElement("div");
  element.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(element);
  element.append(textarea);
  return new editorModule.Editor({
    element,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectNonce: cspNonce(),
    onUpdate({editor}) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", {bubbles: true}));
    },
    onDestroy() {
      element.before(textarea);
      element.remove();
    },
  });
}

async function create(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editorModule[name];
    if (!extension) continue;
    extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  const editor = createTextareaEditor(textarea, extensions);
  labelEditable(textarea, editor.view.dom);
  imageControl(textarea, editor);
  return editor;
}

editorModule.initializeEditors(create, `[${ATTRIBUTE}]`);
