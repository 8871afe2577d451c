// The list of participants: "All shown" ticks every row's box, and unticking a row unticks it.
// Without JavaScript the server reads "All shown" itself (the rows listed in the form).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("bulk-all");
  if (!all) return;
  const boxes = document.querySelectorAll('input[name="registration"][form="bulk"]');
  all.addEventListener("change", () => boxes.forEach((box) => { box.checked = all.checked; }));
  boxes.forEach((box) => box.addEventListener("change", () => {
    if (!box.checked) all.checked = false;
  }));
});
