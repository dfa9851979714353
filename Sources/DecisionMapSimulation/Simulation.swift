// Case readers, simulator, report model.
