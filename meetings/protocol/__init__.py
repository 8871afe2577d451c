"""Protocol: one order of the parties per meeting (order.py, the rule; services.py, the draw and
the overrides), and what follows from it: the speakers list, the seating plan, the name plates and
the check-in at the door. Each part adds its routes to the area's blueprint (blueprint.py)."""
