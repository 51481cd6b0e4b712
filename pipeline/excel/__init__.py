"""The Excel side of the contract: builds the template workbook (sheets, guide, styles, validation,
positions) and prefilled workbooks from an export."""
