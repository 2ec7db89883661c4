// The article text as text nodes (never HTML), highlights as <mark>s, and the analyst's mouse
// or keyboard selection sent to Python as CHARACTER offsets (code points, as Python counts)
// into the original string. Every piece carries its own start offset, so a DOM offset inside
// a piece (UTF-16 code units) becomes `start + code points before it`: an emoji or a CRLF
// earlier in the text never shifts the result.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".sw-select");
  if (!root) {
    root = document.createElement("div");
    root.className = "sw-select";
    parentElement.appendChild(root);
  }
  root.replaceChildren();
  root.dataset.start = "0";
  root.dataset.end = String(data.length);
  for (const [start, end, piece, marks, title] of data.pieces) {
    const node = document.createElement(marks.length ? "mark" : "span");
    node.dataset.start = String(start);
    node.dataset.end = String(end);
    if (marks.length) {
      node.className = marks.map((kind) => `sw-${kind}`).join(" ");
      node.title = title;
    }
    node.textContent = piece;
    root.appendChild(node);
  }

  const codePoints = (text) => Array.from(text).length;
  const firstPiece = (node) =>
    node.dataset?.start !== undefined ? node : node.querySelector?.("[data-start]");
  const boundary = (node, offset) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest("[data-start]");
      return Number(piece.dataset.start) + codePoints(node.data.slice(0, offset));
    }
    // An element boundary: before its child number `offset`, or at its end.
    const child = node.childNodes[offset];
    const piece = child && firstPiece(child);
    if (piece) return Number(piece.dataset.start);
    const holder = node.closest("[data-end]");
    return Number(holder.dataset.end);
  };

  const report = () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(root)) return;
    const start = root.contains(range.startContainer)
      ? boundary(range.startContainer, range.startOffset)
      : 0;
    const end = root.contains(range.endContainer)
      ? boundary(range.endContainer, range.endOffset)
      : data.length;
    if (end <= start) return;
    setTriggerValue("selected", { start, end, text: selection.toString() });
  };
  root.addEventListener("mouseup", report);
  root.addEventListener("keyup", report);
  return () => {
    root.removeEventListener("mouseup", report);
    root.removeEventListener("keyup", report);
  };
}
