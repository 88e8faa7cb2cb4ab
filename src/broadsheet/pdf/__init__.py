"""Pure PDF handling (no Django): open and validate page PDFs, render them, extract their content."""
